#include "backends/interp/host_runner.h"

#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "common/error.h"

extern "C" {
#include "mlonmcu/runtime/interp.h"
}

namespace mlonmcu::backends::interp {

const char* status_name(int status) {
  switch (status) {
    case MLONMCU_OK: return "ok";
    case MLONMCU_ERR_BAD_MODEL: return "malformed model blob";
    case MLONMCU_ERR_UNSUPPORTED_OP: return "opcode not in this runtime";
    case MLONMCU_ERR_ARENA_TOO_SMALL: return "arena too small";
    case MLONMCU_ERR_BAD_PARAMS: return "op parameters do not fit its kernel";
    case MLONMCU_ERR_TOO_MANY_TENSORS: return "too many tensors";
    default: return "unknown status";
  }
}

std::vector<std::vector<Bytes>> run_blob_in_process(const Blob& blob,
                                                    const std::vector<std::vector<Bytes>>& samples) {
  // Word-aligned copies: the runtime reads the blob as 32-bit words.
  std::vector<uint32_t> blob_words((blob.bytes.size() + 3) / 4);
  std::memcpy(blob_words.data(), blob.bytes.data(), blob.bytes.size());
  std::vector<uint64_t> arena_words(static_cast<size_t>(blob.arena_size + 7) / 8 + 2);
  const auto max_tensors = static_cast<int32_t>(blob.bytes.size() / (16 * 4) + 1);
  std::vector<mlonmcu_tensor_t> tensors(static_cast<size_t>(max_tensors));

  mlonmcu_interp_t interp;
  int status = mlonmcu_interp_init(reinterpret_cast<const uint8_t*>(blob_words.data()),
                                   static_cast<uint32_t>(blob.bytes.size()),
                                   reinterpret_cast<uint8_t*>(arena_words.data()),
                                   static_cast<uint32_t>(arena_words.size() * 8), tensors.data(),
                                   max_tensors, &interp);
  if (status != MLONMCU_OK)
    throw Error(ErrorKind::Target, fmt::format("interpreter init failed: {}", status_name(status)));
  std::vector<std::vector<Bytes>> results;
  for (const std::vector<Bytes>& inputs : samples) {
    if (inputs.size() != static_cast<size_t>(interp.num_inputs))
      throw Error(ErrorKind::Data, fmt::format("model has {} inputs, got {}", interp.num_inputs,
                                               inputs.size()));
    for (size_t i = 0; i < inputs.size(); ++i) {
      mlonmcu_tensor_t* t = mlonmcu_interp_input(&interp, static_cast<int32_t>(i));
      if (static_cast<size_t>(t->bytes) != inputs[i].size())
        throw Error(ErrorKind::Data, fmt::format("input {} has {} bytes, the model expects {}", i,
                                                 inputs[i].size(), t->bytes));
      if (!inputs[i].empty()) std::memcpy(t->data, inputs[i].data(), inputs[i].size());
    }
    status = mlonmcu_interp_invoke(&interp);
    if (status != MLONMCU_OK)
      throw Error(ErrorKind::Target, fmt::format("inference failed: {}", status_name(status)));
    std::vector<Bytes> outputs;
    for (int32_t o = 0; o < interp.num_outputs; ++o) {
      const mlonmcu_tensor_t* t = mlonmcu_interp_output(&interp, o);
      const auto* p = static_cast<const uint8_t*>(t->data);
      outputs.emplace_back(p, p + t->bytes);
    }
    results.push_back(std::move(outputs));
  }
  return results;
}

std::vector<Bytes> run_blob_in_process(const Blob& blob, const std::vector<Bytes>& inputs) {
  return run_blob_in_process(blob, std::vector<std::vector<Bytes>>{inputs}).front();
}

}  // namespace mlonmcu::backends::interp
