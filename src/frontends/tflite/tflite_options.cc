#include "frontends/tflite/tflite_options.h"

#include <cmath>
#include <string>

#include "frontends/tflite/tflite_mapping.h"

namespace mlonmcu::tflite_format {

namespace {

// Helper carrying the failure callback so each check is one line.
struct Checker {
  const OptionsFail& fail;

  ir::Activation activation(tflite::ActivationFunctionType act) const {
    auto out = activation_from_tflite(static_cast<int32_t>(act));
    if (!out) fail("invalid fused activation " + std::to_string(static_cast<int>(act)));
    return *out;
  }
  ir::Padding padding(tflite::Padding padding) const {
    auto out = padding_from_tflite(static_cast<int32_t>(padding));
    if (!out) fail("invalid padding " + std::to_string(static_cast<int>(padding)));
    return *out;
  }
  int32_t positive(int32_t value, const char* what) const {
    if (value < 1) fail(std::string(what) + " must be >= 1, not " + std::to_string(value));
    return value;
  }
};

// The options table when it has the expected union type, else nullptr: the caller applies the
// schema's defaults. A table of another type is what TFLite-Micro's parsers see as no table
// (builtin_options_as_X() is null), so it means the same here.
template <typename T>
const T* options_as(const tflite::Operator& op, tflite::BuiltinOptions expected) {
  if (op.builtin_options_type() != expected) return nullptr;
  return static_cast<const T*>(op.builtin_options());
}

std::vector<int32_t> to_vector(const flatbuffers::Vector<int32_t>* v) {
  if (v == nullptr) return {};
  return std::vector<int32_t>(v->begin(), v->end());
}

ir::Options elementwise(const tflite::Operator& op, ir::OpType type, const Checker& c) {
  ir::ElementwiseOptions out;
  if (type == ir::OpType::Add) {
    if (auto* o = options_as<tflite::AddOptions>(op, tflite::BuiltinOptions::AddOptions)) {
      out.activation = c.activation(o->fused_activation_function());
      out.pot_scale_int16 = o->pot_scale_int16();
    }
  } else if (type == ir::OpType::Sub) {
    if (auto* o = options_as<tflite::SubOptions>(op, tflite::BuiltinOptions::SubOptions)) {
      out.activation = c.activation(o->fused_activation_function());
      out.pot_scale_int16 = o->pot_scale_int16();
    }
  } else {
    if (auto* o = options_as<tflite::MulOptions>(op, tflite::BuiltinOptions::MulOptions)) {
      out.activation = c.activation(o->fused_activation_function());
    }
  }
  return out;
}

ir::Options conv(const tflite::Operator& op, const Checker& c) {
  auto* o = options_as<tflite::Conv2DOptions>(op, tflite::BuiltinOptions::Conv2DOptions);
  if (o == nullptr) c.fail("has no Conv2DOptions");
  ir::Conv2DOptions out;
  out.padding = c.padding(o->padding());
  out.stride_w = c.positive(o->stride_w(), "stride_w");
  out.stride_h = c.positive(o->stride_h(), "stride_h");
  out.dilation_w = c.positive(o->dilation_w_factor(), "dilation_w_factor");
  out.dilation_h = c.positive(o->dilation_h_factor(), "dilation_h_factor");
  out.activation = c.activation(o->fused_activation_function());
  return out;
}

ir::Options depthwise(const tflite::Operator& op, const Checker& c) {
  auto* o = options_as<tflite::DepthwiseConv2DOptions>(op, tflite::BuiltinOptions::DepthwiseConv2DOptions);
  if (o == nullptr) c.fail("has no DepthwiseConv2DOptions");
  ir::DepthwiseConv2DOptions out;
  out.padding = c.padding(o->padding());
  out.stride_w = c.positive(o->stride_w(), "stride_w");
  out.stride_h = c.positive(o->stride_h(), "stride_h");
  out.dilation_w = c.positive(o->dilation_w_factor(), "dilation_w_factor");
  out.dilation_h = c.positive(o->dilation_h_factor(), "dilation_h_factor");
  // Newer converters may write 0 here (the field is redundant); the weights' shape decides.
  if (o->depth_multiplier() < 0) c.fail("depth_multiplier must not be negative");
  out.depth_multiplier = o->depth_multiplier();
  out.activation = c.activation(o->fused_activation_function());
  return out;
}

ir::Options pool(const tflite::Operator& op, const Checker& c) {
  auto* o = options_as<tflite::Pool2DOptions>(op, tflite::BuiltinOptions::Pool2DOptions);
  if (o == nullptr) c.fail("has no Pool2DOptions");
  ir::Pool2DOptions out;
  out.padding = c.padding(o->padding());
  out.stride_w = c.positive(o->stride_w(), "stride_w");
  out.stride_h = c.positive(o->stride_h(), "stride_h");
  out.filter_w = c.positive(o->filter_width(), "filter_width");
  out.filter_h = c.positive(o->filter_height(), "filter_height");
  out.activation = c.activation(o->fused_activation_function());
  return out;
}

ir::Options fully_connected(const tflite::Operator& op, const Checker& c) {
  ir::FullyConnectedOptions out;
  if (auto* o = options_as<tflite::FullyConnectedOptions>(op, tflite::BuiltinOptions::FullyConnectedOptions)) {
    out.activation = c.activation(o->fused_activation_function());
    out.weights_format = static_cast<int32_t>(o->weights_format());
    out.keep_num_dims = o->keep_num_dims();
    out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
  }
  return out;
}

}  // namespace

ir::Options read_options(ir::OpType type, const tflite::Operator& op, const OptionsFail& fail) {
  const Checker c{fail};
  using B = tflite::BuiltinOptions;
  switch (type) {
    case ir::OpType::Add:
    case ir::OpType::Sub:
    case ir::OpType::Mul: return elementwise(op, type, c);
    case ir::OpType::Conv2D: return conv(op, c);
    case ir::OpType::DepthwiseConv2D: return depthwise(op, c);
    case ir::OpType::AveragePool2D:
    case ir::OpType::MaxPool2D:
    case ir::OpType::L2Pool2D: return pool(op, c);
    case ir::OpType::FullyConnected: return fully_connected(op, c);
    case ir::OpType::Softmax: {
      // Without a table TFLite's own parser leaves beta at 0; keep its behaviour.
      ir::SoftmaxOptions out{0.0f};
      if (auto* o = options_as<tflite::SoftmaxOptions>(op, B::SoftmaxOptions)) {
        out.beta = o->beta();
      }
      if (!std::isfinite(out.beta)) fail("softmax beta is not a finite number");
      return out;
    }
    case ir::OpType::Concatenation: {
      ir::ConcatenationOptions out;
      if (auto* o = options_as<tflite::ConcatenationOptions>(op, B::ConcatenationOptions)) {
        out.axis = o->axis();
        out.activation = c.activation(o->fused_activation_function());
      }
      return out;
    }
    case ir::OpType::Reshape: {
      ir::ReshapeOptions out;
      if (auto* o = options_as<tflite::ReshapeOptions>(op, B::ReshapeOptions)) {
        out.new_shape = to_vector(o->new_shape());
      }
      return out;
    }
    case ir::OpType::Squeeze: {
      ir::SqueezeOptions out;
      if (auto* o = options_as<tflite::SqueezeOptions>(op, B::SqueezeOptions)) {
        out.squeeze_dims = to_vector(o->squeeze_dims());
      }
      return out;
    }
    case ir::OpType::Mean: {
      ir::ReducerOptions out;
      if (auto* o = options_as<tflite::ReducerOptions>(op, B::ReducerOptions)) {
        out.keep_dims = o->keep_dims();
      }
      return out;
    }
    case ir::OpType::StridedSlice: {
      ir::StridedSliceOptions out;
      if (auto* o = options_as<tflite::StridedSliceOptions>(op, B::StridedSliceOptions)) {
        out.begin_mask = o->begin_mask();
        out.end_mask = o->end_mask();
        out.ellipsis_mask = o->ellipsis_mask();
        out.new_axis_mask = o->new_axis_mask();
        out.shrink_axis_mask = o->shrink_axis_mask();
        out.offset = o->offset();
      }
      return out;
    }
    default: return read_more_options(type, op, fail);
  }
}

}  // namespace mlonmcu::tflite_format
