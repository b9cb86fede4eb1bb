// Golden data: sample files <i>.bin / <i>.npy / <i>.npz in the model's input and output
// directories, converted to what the model consumes and produces.
//
// How a stored input sample maps to the model's input tensor (N elements of dtype D):
//   .bin of N*size(D) bytes  -> raw values in D, used as they are;
//        except: D is int8, the file has N bytes and definition.yml has a quantize section
//        whose dtype is not float32 -> uint8 values x (pixels), q = round(x/scale) + zero_shift
//        (the zoo's resnet: scale 1, zero_shift -128, so q = x - 128);
//   .bin of 4*N bytes        -> float32 values x, q = round(x/scale) + zero_point, clamped to D;
//   .npy                     -> its dtype says; equal to D: raw, else converted as above.
//   scale/zero point come from definition.yml's quantize section, else from the tensor.
//   Rounding is half away from zero (TFLite's quantize); x/scale is computed in float32.
// Models with several inputs: a .bin sample holds them one after another in input order (all
// raw or all float32); a .npz sample holds one array per input (matched by name, else order).
// Outputs: output_tflm/<i>.bin are raw bytes in the output dtype (exact); test_output_path
// files are float32 (or raw quantized values, which are dequantized).
#include "models/golden.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

#include "common/error.h"
#include "modelbuilder/builder.h"
#include "models/npy.h"
#include "models/zip_reader.h"

namespace mlonmcu::models {

namespace {

[[noreturn]] void data_error(const fs::path& file, const std::string& problem) {
  throw Error(ErrorKind::Data, file.string() + ": " + problem);
}

Bytes read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) data_error(file, "cannot read golden data file");
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Sample files of a directory, keyed by their integer stem, in numeric order.
std::vector<std::pair<int64_t, fs::path>> sample_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) data_error(dir, "golden data directory does not exist");
  std::vector<std::pair<int64_t, fs::path>> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const std::string ext = entry.path().extension().string();
    if (ext != ".bin" && ext != ".npy" && ext != ".npz") continue;
    const std::string stem = entry.path().stem().string();
    if (stem.empty() || stem.size() > 9 || !std::all_of(stem.begin(), stem.end(), ::isdigit)) continue;
    files.emplace_back(std::stoll(stem), entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One stored array: its element type and little-endian bytes.
struct Stored {
  ir::DType dtype;
  Bytes data;
};

double element(const Stored& s, size_t i) {
  const uint8_t* p = s.data.data() + i * ir::dtype_size(s.dtype);
  switch (s.dtype) {
    case ir::DType::Float32: { float v; std::memcpy(&v, p, 4); return v; }
    case ir::DType::Int8: return static_cast<int8_t>(*p);
    case ir::DType::UInt8: return *p;
    case ir::DType::Bool: return *p != 0;
    case ir::DType::Int16: { int16_t v; std::memcpy(&v, p, 2); return v; }
    case ir::DType::Int32: { int32_t v; std::memcpy(&v, p, 4); return v; }
    case ir::DType::Int64: { int64_t v; std::memcpy(&v, p, 8); return static_cast<double>(v); }
    default: break;  // golden data of other dtypes is refused when read
  }
  return 0;
}

std::pair<int64_t, int64_t> int_range(ir::DType dtype) {
  switch (dtype) {
    case ir::DType::Int8: return {-128, 127};
    case ir::DType::UInt8: return {0, 255};
    case ir::DType::Int16: return {-32768, 32767};
    case ir::DType::Int32: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
    default: return {0, 0};
  }
}

void store_int(Bytes& out, size_t i, ir::DType dtype, int64_t v) {
  uint8_t* p = out.data() + i * ir::dtype_size(dtype);
  switch (dtype) {
    case ir::DType::Int8: *p = static_cast<uint8_t>(static_cast<int8_t>(v)); break;
    case ir::DType::UInt8: *p = static_cast<uint8_t>(v); break;
    case ir::DType::Int16: { auto x = static_cast<int16_t>(v); std::memcpy(p, &x, 2); break; }
    case ir::DType::Int32: { auto x = static_cast<int32_t>(v); std::memcpy(p, &x, 4); break; }
    default: break;
  }
}

// Stored values -> bytes of the input tensor's dtype (see the rules at the top).
Bytes to_input(const Stored& s, const ir::Tensor& t, const TensorSpec* spec, const fs::path& file) {
  const auto n = static_cast<size_t>(t.num_elements());
  if (s.data.size() != n * ir::dtype_size(s.dtype)) {
    data_error(file, "holds " + std::to_string(s.data.size() / ir::dtype_size(s.dtype)) + " " +
                         ir::dtype_name(s.dtype) + " values, input '" + t.name + "' has " +
                         std::to_string(n) + " elements");
  }
  if (s.dtype == t.dtype) return s.data;
  Bytes out(n * ir::dtype_size(t.dtype));
  if (t.dtype == ir::DType::Float32) {
    for (size_t i = 0; i < n; ++i) {
      const auto v = static_cast<float>(element(s, i));
      std::memcpy(out.data() + i * 4, &v, 4);
    }
    return out;
  }
  const auto [lo, hi] = int_range(t.dtype);
  if (lo == hi) {
    data_error(file, std::string("cannot convert ") + ir::dtype_name(s.dtype) + " data to " +
                         ir::dtype_name(t.dtype) + " input '" + t.name + "'");
  }
  float scale = 0;
  int64_t zero_point = 0;
  if (spec != nullptr && spec->quantize) {
    scale = spec->quantize->scale;
    zero_point = spec->quantize->zero_shift;
  } else if (!t.quant.empty()) {
    scale = t.quant.scale[0];
    zero_point = t.quant.zero_point[0];
  } else {
    data_error(file, std::string("holds ") + ir::dtype_name(s.dtype) + " data but input '" + t.name +
                         "' is " + ir::dtype_name(t.dtype) + " without quantization parameters");
  }
  if (!(scale > 0)) data_error(file, "quantization scale of input '" + t.name + "' is not positive");
  for (size_t i = 0; i < n; ++i) {
    const float x = static_cast<float>(element(s, i)) / scale;
    const double q = std::isfinite(x) ? std::round(x) + static_cast<double>(zero_point) : 0.0;
    store_int(out, i, t.dtype, static_cast<int64_t>(std::clamp(q, double(lo), double(hi))));
  }
  return out;
}

const TensorSpec* spec_at(const std::vector<TensorSpec>& specs, size_t k) {
  return k < specs.size() ? &specs[k] : nullptr;
}

// Splits one sample file into one Stored array per tensor.
std::vector<Stored> read_sample(const fs::path& file, const std::vector<const ir::Tensor*>& tensors,
                                const std::vector<TensorSpec>& specs, bool inputs) {
  const Bytes bytes = read_bytes(file);
  const std::string ext = file.extension().string();
  std::vector<Stored> out;
  if (ext == ".npy") {
    if (tensors.size() != 1) data_error(file, "a .npy sample holds one array, the model has " +
                                                  std::to_string(tensors.size()) + " tensors here");
    NpyArray a = parse_npy(bytes, file.string());
    out.push_back({a.dtype, std::move(a.data)});
    return out;
  }
  if (ext == ".npz") {
    auto members = read_zip(bytes, file.string());
    for (size_t k = 0; k < tensors.size(); ++k) {
      const TensorSpec* spec = spec_at(specs, k);
      auto it = std::find_if(members.begin(), members.end(), [&](const ZipMember& m) {
        return m.name == tensors[k]->name + ".npy" || (spec && m.name == spec->name + ".npy");
      });
      if (it == members.end() && k < members.size()) it = members.begin() + static_cast<std::ptrdiff_t>(k);
      if (it == members.end()) data_error(file, "has no array for '" + tensors[k]->name + "'");
      NpyArray a = parse_npy(it->data, file.string() + ":" + it->name);
      out.push_back({a.dtype, std::move(a.data)});
    }
    return out;
  }
  // .bin: the size decides how the values are stored (see the rules at the top).
  size_t raw_total = 0, elements = 0;
  for (const ir::Tensor* t : tensors) {
    raw_total += static_cast<size_t>(t->num_bytes());
    elements += static_cast<size_t>(t->num_elements());
  }
  bool raw = bytes.size() == raw_total;
  bool as_uint8 = false;
  if (inputs && tensors.size() == 1 && tensors[0]->dtype == ir::DType::Int8 && raw) {
    const TensorSpec* spec = spec_at(specs, 0);
    as_uint8 = spec && spec->quantize && spec->quantize->dtype != ir::DType::Float32;
  }
  if (!raw && bytes.size() != elements * 4) {
    std::string expect = std::to_string(raw_total) + " (raw)";
    if (raw_total != elements * 4) expect += " or " + std::to_string(elements * 4) + " (float32)";
    data_error(file, "has " + std::to_string(bytes.size()) + " bytes, expected " + expect);
  }
  size_t offset = 0;
  for (const ir::Tensor* t : tensors) {
    const ir::DType dtype = as_uint8 ? ir::DType::UInt8 : raw ? t->dtype : ir::DType::Float32;
    const size_t size = static_cast<size_t>(t->num_elements()) * ir::dtype_size(dtype);
    out.push_back({dtype, Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                                bytes.begin() + static_cast<std::ptrdiff_t>(offset + size))});
    offset += size;
  }
  return out;
}

std::vector<const ir::Tensor*> tensors_of(const ir::Graph& graph, const std::vector<int32_t>& ids) {
  std::vector<const ir::Tensor*> out;
  for (int32_t id : ids) {
    if (id < 0 || static_cast<size_t>(id) >= graph.tensors.size()) {
      throw Error(ErrorKind::Model, "graph '" + graph.name + "' refers to missing tensor " + std::to_string(id));
    }
    out.push_back(&graph.tensors[static_cast<size_t>(id)]);
  }
  return out;
}

const fs::path& file_for(const std::vector<std::pair<int64_t, fs::path>>& files, int64_t index,
                         const fs::path& dir) {
  for (const auto& [i, path] : files) {
    if (i == index) return path;
  }
  data_error(dir, "has no file for sample " + std::to_string(index));
}

std::vector<float> to_reference(const Stored& s, const ir::Tensor& t, const TensorSpec* spec,
                                const fs::path& file) {
  const auto n = static_cast<size_t>(t.num_elements());
  if (s.data.size() != n * ir::dtype_size(s.dtype)) {
    data_error(file, "holds " + std::to_string(s.data.size() / ir::dtype_size(s.dtype)) +
                         " values, output '" + t.name + "' has " + std::to_string(n));
  }
  std::vector<float> out(n);
  const bool dequantize = s.dtype != ir::DType::Float32;
  double scale = 1, zero_point = 0;
  if (dequantize && spec && spec->dequantize) {
    scale = spec->dequantize->scale;
    zero_point = spec->dequantize->zero_shift;
  } else if (dequantize && !t.quant.empty()) {
    scale = t.quant.scale[0];
    zero_point = static_cast<double>(t.quant.zero_point[0]);
  }
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<float>(dequantize ? (element(s, i) - zero_point) * scale : element(s, i));
  }
  return out;
}

}  // namespace

GoldenData load_golden(const ModelInfo& info, const ir::Graph& graph) {
  GoldenData golden;
  if (!info.input_dir) return golden;
  const auto inputs = tensors_of(graph, graph.inputs);
  const auto outputs = tensors_of(graph, graph.outputs);
  const auto input_files = sample_files(*info.input_dir);
  for (const auto& [index, file] : input_files) {
    auto stored = read_sample(file, inputs, info.inputs, true);
    std::vector<Bytes> sample;
    for (size_t k = 0; k < inputs.size(); ++k) {
      sample.push_back(to_input(stored[k], *inputs[k], spec_at(info.inputs, k), file));
    }
    golden.inputs.push_back(std::move(sample));
  }
  if (info.exact_output_dir) {
    const auto files = sample_files(*info.exact_output_dir);
    std::vector<std::vector<Bytes>> exact;
    for (const auto& [index, input_file] : input_files) {
      const fs::path& file = file_for(files, index, *info.exact_output_dir);
      auto stored = read_sample(file, outputs, info.outputs, false);
      std::vector<Bytes> sample;
      for (size_t k = 0; k < outputs.size(); ++k) {
        if (stored[k].dtype != outputs[k]->dtype || stored[k].data.size() != static_cast<size_t>(outputs[k]->num_bytes())) {
          data_error(file, std::string("exact outputs must be raw ") + ir::dtype_name(outputs[k]->dtype) +
                               " (" + std::to_string(outputs[k]->num_bytes()) + " bytes for '" +
                               outputs[k]->name + "')");
        }
        sample.push_back(std::move(stored[k].data));
      }
      exact.push_back(std::move(sample));
    }
    golden.exact_outputs = std::move(exact);
  }
  if (info.output_dir) {
    const auto files = sample_files(*info.output_dir);
    std::vector<std::vector<std::vector<float>>> reference;
    for (const auto& [index, input_file] : input_files) {
      const fs::path& file = file_for(files, index, *info.output_dir);
      auto stored = read_sample(file, outputs, info.outputs, false);
      std::vector<std::vector<float>> sample;
      for (size_t k = 0; k < outputs.size(); ++k) {
        sample.push_back(to_reference(stored[k], *outputs[k], spec_at(info.outputs, k), file));
      }
      reference.push_back(std::move(sample));
    }
    golden.reference_outputs = std::move(reference);
  }
  return golden;
}

GoldenData synthetic_inputs(const ir::Graph& graph, size_t num_samples) {
  GoldenData golden;
  const auto inputs = tensors_of(graph, graph.inputs);
  for (size_t s = 0; s < num_samples; ++s) {
    std::vector<Bytes> sample;
    for (size_t k = 0; k < inputs.size(); ++k) {
      modelbuilder::Rng rng(0x5eedULL + 1000003ULL * s + k);
      const ir::Tensor& t = *inputs[k];
      const auto n = static_cast<size_t>(t.num_elements());
      Bytes bytes(static_cast<size_t>(t.num_bytes()));
      for (size_t i = 0; i < n; ++i) {
        switch (t.dtype) {
          case ir::DType::Float32: {
            const float v = rng.uniform_float(-1.0f, 1.0f);
            std::memcpy(bytes.data() + i * 4, &v, 4);
            break;
          }
          case ir::DType::Bool: bytes[i] = static_cast<uint8_t>(rng.uniform_int(0, 1)); break;
          case ir::DType::Int64: {
            const int64_t v = rng.uniform_int(-100, 100);
            std::memcpy(bytes.data() + i * 8, &v, 8);
            break;
          }
          case ir::DType::Int32: store_int(bytes, i, t.dtype, rng.uniform_int(-100, 100)); break;
          default: {
            const auto [lo, hi] = int_range(t.dtype);
            store_int(bytes, i, t.dtype, rng.uniform_int(static_cast<int32_t>(lo), static_cast<int32_t>(hi)));
          }
        }
      }
      sample.push_back(std::move(bytes));
    }
    golden.inputs.push_back(std::move(sample));
  }
  return golden;
}

}  // namespace mlonmcu::models
