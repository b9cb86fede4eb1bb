/* The kernels of the ops added after the first 22, for the code that names every kernel (the
 * interpreter's call table, the aot generator). */
#ifndef MLONMCU_KERNELS_OPS_MORE_H_
#define MLONMCU_KERNELS_OPS_MORE_H_

#include "mlonmcu/kernels/add_n.h"
#include "mlonmcu/kernels/arg_min_max.h"
#include "mlonmcu/kernels/batch_matmul.h"
#include "mlonmcu/kernels/binary.h"
#include "mlonmcu/kernels/cumsum.h"
#include "mlonmcu/kernels/detection_postprocess.h"
#include "mlonmcu/kernels/elementwise_s16.h"
#include "mlonmcu/kernels/fill.h"
#include "mlonmcu/kernels/filter_s16.h"
#include "mlonmcu/kernels/gather.h"
#include "mlonmcu/kernels/log_softmax.h"
#include "mlonmcu/kernels/lstm.h"
#include "mlonmcu/kernels/reorder.h"
#include "mlonmcu/kernels/resize.h"
#include "mlonmcu/kernels/softmax_s16.h"
#include "mlonmcu/kernels/space_batch.h"
#include "mlonmcu/kernels/split.h"
#include "mlonmcu/kernels/svdf.h"
#include "mlonmcu/kernels/transpose_conv.h"
#include "mlonmcu/kernels/unary.h"

#endif /* MLONMCU_KERNELS_OPS_MORE_H_ */
