/* The settings TVM's C runtime (CRT) is compiled with for MLonMCU's programs: sizes of its fixed
 * tables, enough for the graphs TVM generates for TinyML models, and error-level logging only
 * (the CRT's debug messages would cost ROM and instructions). */
#ifndef TVM_RUNTIME_CRT_CRT_CONFIG_H_
#define TVM_RUNTIME_CRT_CRT_CONFIG_H_

#define TVM_CRT_LOG_LEVEL TVM_CRT_LOG_LEVEL_ERROR
#define TVM_CRT_DEBUG 0

#define TVM_CRT_MAX_NDIM 6
/* Arguments of one operator call (inputs + outputs) in the graph executor. */
#define TVM_CRT_MAX_ARGS 16
#define TVM_CRT_GLOBAL_FUNC_REGISTRY_SIZE_BYTES 512
#define TVM_CRT_MAX_REGISTERED_MODULES 2
#define TVM_CRT_MAX_PACKET_SIZE_BYTES 2048
#define TVM_CRT_MAX_STRLEN_DLTYPE 10
/* TVM shortens fused operator names to fit 120 bytes with a hash suffix. */
#define TVM_CRT_MAX_STRLEN_FUNCTION_NAME 120
#define TVM_CRT_MAX_STRLEN_PARAM_NAME 80

#endif /* TVM_RUNTIME_CRT_CRT_CONFIG_H_ */
