/* Element types of the kernels that take several dtypes through one entry point (CAST, the
 * comparison and min/max family). */
#ifndef MLONMCU_KERNELS_ELEMENT_TYPE_H_
#define MLONMCU_KERNELS_ELEMENT_TYPE_H_

enum {
  MLONMCU_ELEM_S8,
  MLONMCU_ELEM_S16,
  MLONMCU_ELEM_S32,
  MLONMCU_ELEM_S64,
  MLONMCU_ELEM_F32,
  MLONMCU_ELEM_BOOL,
  MLONMCU_ELEM_COUNT
};

#endif /* MLONMCU_KERNELS_ELEMENT_TYPE_H_ */
