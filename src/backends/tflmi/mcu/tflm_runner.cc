// TFLite-Micro as a reference on the host: runs .tflite files with given inputs through TFLM's
// MicroInterpreter with every kernel of the project's source lists (tflm_ops.h, generated) and
// prints the raw output bytes. One program serves any number of models (the differential tests
// and the zoo's golden outputs), so it is built once and kept in the cache. Host only: it reads
// files and allocates.
//
//   tflm_runner BATCH      BATCH lines: "model PATH", "input PATH" (raw bytes, in order), "run"
//
// Prints per run "case K ok N" and N lines "output J HEX", or "case K error WHAT" (TFLM's
// release build keeps no messages; WHAT says which step failed). Exit 0 unless BATCH is bad.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/micro/micro_resource_variable.h"

#define MLONMCU_TFLM_REGISTRATION(slot, registration) (registration)
#include "tflm_ops.h"  // MLONMCU_TFLM_NUM_OPS, mlonmcu_tflm_add_ops()

namespace {

constexpr size_t kArenaBytes = size_t{16} << 20;
constexpr int kMaxVariables = 64;  // resource variables per model

using Resolver = tflite::MicroMutableOpResolver<MLONMCU_TFLM_NUM_OPS>;

// 16-byte aligned contents of a file (TFLM reads constants in place).
struct FileBytes {
  std::vector<uint64_t> words;  // 8-byte units; the flatbuffer wants 8, the data 16 (below)
  uint8_t* data = nullptr;
  size_t size = 0;
};

bool read_file(const std::string& path, FileBytes& out) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size < 0) {
    std::fclose(f);
    return false;
  }
  out.size = static_cast<size_t>(size);
  out.words.assign(out.size / 8 + 3, 0);
  const uintptr_t base = reinterpret_cast<uintptr_t>(out.words.data());
  out.data = reinterpret_cast<uint8_t*>((base + 15) / 16 * 16);
  const size_t got = out.size == 0 ? 0 : std::fread(out.data, 1, out.size, f);
  std::fclose(f);
  return got == out.size;
}

void print_hex(const uint8_t* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string line;
  line.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    line += kDigits[p[i] >> 4];
    line += kDigits[p[i] & 15];
  }
  std::fputs(line.c_str(), stdout);
}

// One model with its inputs; prints its case lines.
void run_case(int index, const std::string& model_path, const std::vector<std::string>& inputs,
              const Resolver& resolver, uint8_t* arena) {
  FileBytes model;
  if (!read_file(model_path, model)) {
    std::printf("case %d error cannot read %s\n", index, model_path.c_str());
    return;
  }
  // Zeroed for every model, like the static arena of a program that just started: a kernel that
  // reads memory it never wrote (TFLM's SPACE_TO_BATCH_ND pad value) then sees what it would there.
  std::memset(arena, 0, kArenaBytes);
  alignas(tflite::MicroInterpreter) static unsigned char storage[sizeof(tflite::MicroInterpreter)];
  // Resource variables (VAR_HANDLE) come from the arena too, as a firmware would set them up.
  tflite::MicroAllocator* allocator = tflite::MicroAllocator::Create(arena, kArenaBytes);
  tflite::MicroResourceVariables* variables = tflite::MicroResourceVariables::Create(allocator, kMaxVariables);
  auto* interpreter = new (storage) tflite::MicroInterpreter(tflite::GetModel(model.data), resolver, allocator, variables);
  if (interpreter->AllocateTensors() != kTfLiteOk) {
    std::printf("case %d error AllocateTensors failed (a kernel's Prepare rejects the model)\n", index);
  } else if (interpreter->inputs_size() != inputs.size()) {
    std::printf("case %d error the model has %u inputs, %u given\n", index,
                static_cast<unsigned>(interpreter->inputs_size()), static_cast<unsigned>(inputs.size()));
  } else {
    bool ok = true;
    for (size_t i = 0; ok && i < inputs.size(); ++i) {
      FileBytes data;
      TfLiteTensor* t = interpreter->input(i);
      ok = read_file(inputs[i], data) && data.size == t->bytes;
      if (ok) std::memcpy(t->data.raw, data.data, data.size);
      else std::printf("case %d error input %u: %s does not hold %u bytes\n", index,
                       static_cast<unsigned>(i), inputs[i].c_str(), static_cast<unsigned>(t->bytes));
    }
    if (ok && interpreter->Invoke() != kTfLiteOk) {
      std::printf("case %d error Invoke failed\n", index);
    } else if (ok) {
      std::printf("case %d ok %u\n", index, static_cast<unsigned>(interpreter->outputs_size()));
      for (size_t o = 0; o < interpreter->outputs_size(); ++o) {
        const TfLiteTensor* t = interpreter->output(o);
        std::printf("output %u ", static_cast<unsigned>(o));
        print_hex(reinterpret_cast<const uint8_t*>(t->data.raw), t->bytes);
        std::printf("\n");
      }
    }
  }
  interpreter->~MicroInterpreter();
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: tflm_runner BATCH\n");
    return 2;
  }
  FILE* batch = std::fopen(argv[1], "r");
  if (batch == nullptr) {
    std::fprintf(stderr, "tflm_runner: cannot read %s\n", argv[1]);
    return 2;
  }
  static Resolver resolver;
  if (!mlonmcu_tflm_add_ops(resolver)) {
    std::fprintf(stderr, "tflm_runner: op registration failed\n");
    return 2;
  }
  auto* arena = static_cast<uint8_t*>(std::aligned_alloc(16, kArenaBytes));
  std::string model;
  std::vector<std::string> inputs;
  int index = 0;
  char line[4096];
  while (std::fgets(line, sizeof(line), batch) != nullptr) {
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.rfind("model ", 0) == 0) {
      model = text.substr(6);
      inputs.clear();
    } else if (text.rfind("input ", 0) == 0) {
      inputs.push_back(text.substr(6));
    } else if (text == "run") {
      run_case(index++, model, inputs, resolver, arena);
    } else if (!text.empty()) {
      std::fprintf(stderr, "tflm_runner: bad batch line: %s\n", text.c_str());
      return 2;
    }
  }
  std::fclose(batch);
  std::free(arena);
  return 0;
}
