// Options of the ops added after the first 22 (data movement, math, reductions, sequences,
// subgraphs): each table read like TFLite-Micro's parser reads it, a missing table meaning the
// schema's defaults.
#include <flatbuffers/flexbuffers.h>

#include <cmath>
#include <string>

#include "frontends/tflite/tflite_mapping.h"
#include "frontends/tflite/tflite_options.h"

namespace mlonmcu::tflite_format {

namespace {

template <typename T>
const T* table(const tflite::Operator& op, tflite::BuiltinOptions expected) {
  return op.builtin_options_type() == expected ? static_cast<const T*>(op.builtin_options()) : nullptr;
}

ir::Activation activation(tflite::ActivationFunctionType act, const OptionsFail& fail) {
  auto out = activation_from_tflite(static_cast<int32_t>(act));
  if (!out) fail("invalid fused activation " + std::to_string(static_cast<int>(act)));
  return *out;
}

ir::Padding padding(tflite::Padding p, const OptionsFail& fail) {
  auto out = padding_from_tflite(static_cast<int32_t>(p));
  if (!out) fail("invalid padding " + std::to_string(static_cast<int>(p)));
  return *out;
}

template <typename T>
ir::Options activation_only(const tflite::Operator& op, tflite::BuiltinOptions type, const OptionsFail& fail) {
  ir::ElementwiseOptions out;
  if (auto* o = table<T>(op, type)) out.activation = activation(o->fused_activation_function(), fail);
  return out;
}

template <typename T>
ir::Options split(const tflite::Operator& op, tflite::BuiltinOptions type) {
  ir::SplitOptions out;
  if (auto* o = table<T>(op, type)) out.num_splits = o->num_splits();
  return out;
}

template <typename T>
ir::Options resize(const tflite::Operator& op, tflite::BuiltinOptions type) {
  ir::ResizeOptions out;
  if (auto* o = table<T>(op, type)) {
    out.align_corners = o->align_corners();
    out.half_pixel_centers = o->half_pixel_centers();
  }
  return out;
}

template <typename T>
ir::Options block(const tflite::Operator& op, tflite::BuiltinOptions type) {
  ir::BlockOptions out;
  if (auto* o = table<T>(op, type)) out.block_size = o->block_size();
  return out;
}

ir::Options subgraphs(const tflite::Operator& op, ir::OpType type) {
  using B = tflite::BuiltinOptions;
  ir::SubgraphOptions out;
  if (type == ir::OpType::If) {
    if (auto* o = table<tflite::IfOptions>(op, B::IfOptions))
      out.subgraphs = {o->then_subgraph_index(), o->else_subgraph_index()};
  } else if (type == ir::OpType::While) {
    if (auto* o = table<tflite::WhileOptions>(op, B::WhileOptions))
      out.subgraphs = {o->cond_subgraph_index(), o->body_subgraph_index()};
  } else if (auto* o = table<tflite::CallOnceOptions>(op, B::CallOnceOptions)) {
    out.subgraphs = {o->init_subgraph_index()};
  }
  return out;
}

// TFLite_Detection_PostProcess's custom options: a FlexBuffer map read as TFLite-Micro's Init
// reads it (absent keys: 0, detections_per_class 100, use_regular_nms false), verified first.
// Without any, every key is absent (the lowering then refuses max_detections 0).
ir::Options detection_postprocess(const tflite::Operator& op, const OptionsFail& fail) {
  ir::DetectionPostprocessOptions out;
  out.max_classes_per_detection = 0;
  const auto* bytes = op.custom_options();
  if (bytes == nullptr || bytes->size() == 0) return out;
  std::vector<uint8_t> reuse;
  if (!flexbuffers::VerifyBuffer(bytes->data(), bytes->size(), &reuse))
    fail("custom options are not a valid FlexBuffer");
  const flexbuffers::Reference root = flexbuffers::GetRoot(bytes->data(), bytes->size());
  if (!root.IsMap()) fail("custom options are not a FlexBuffer map");
  const flexbuffers::Map m = root.AsMap();
  out.max_detections = m["max_detections"].AsInt32();
  out.max_classes_per_detection = m["max_classes_per_detection"].AsInt32();
  out.detections_per_class = m["detections_per_class"].IsNull() ? 100 : m["detections_per_class"].AsInt32();
  out.use_regular_nms = !m["use_regular_nms"].IsNull() && m["use_regular_nms"].AsBool();
  out.nms_score_threshold = m["nms_score_threshold"].AsFloat();
  out.nms_iou_threshold = m["nms_iou_threshold"].AsFloat();
  out.num_classes = m["num_classes"].AsInt32();
  out.y_scale = m["y_scale"].AsFloat(), out.x_scale = m["x_scale"].AsFloat();
  out.h_scale = m["h_scale"].AsFloat(), out.w_scale = m["w_scale"].AsFloat();
  return out;
}

}  // namespace

ir::Options read_more_options(ir::OpType type, const tflite::Operator& op, const OptionsFail& fail) {
  using B = tflite::BuiltinOptions;
  using T = ir::OpType;
  switch (type) {
    case T::Div: return activation_only<tflite::DivOptions>(op, B::DivOptions, fail);
    case T::L2Normalization: return activation_only<tflite::L2NormOptions>(op, B::L2NormOptions, fail);
    case T::Sum:
    case T::ReduceMax:
    case T::ReduceMin: {
      ir::ReducerOptions out;
      if (auto* o = table<tflite::ReducerOptions>(op, B::ReducerOptions)) out.keep_dims = o->keep_dims();
      return out;
    }
    case T::Split: return split<tflite::SplitOptions>(op, B::SplitOptions);
    case T::SplitV: return split<tflite::SplitVOptions>(op, B::SplitVOptions);
    case T::Pack: {
      ir::PackOptions out;
      if (auto* o = table<tflite::PackOptions>(op, B::PackOptions)) out = {o->values_count(), o->axis()};
      return out;
    }
    case T::Unpack: {
      ir::PackOptions out;
      if (auto* o = table<tflite::UnpackOptions>(op, B::UnpackOptions)) out = {o->num(), o->axis()};
      return out;
    }
    case T::Gather: {
      ir::GatherOptions out;
      if (auto* o = table<tflite::GatherOptions>(op, B::GatherOptions)) out = {o->axis(), o->batch_dims()};
      return out;
    }
    case T::LeakyRelu: {
      ir::LeakyReluOptions out;
      if (auto* o = table<tflite::LeakyReluOptions>(op, B::LeakyReluOptions)) out.alpha = o->alpha();
      return out;
    }
    case T::MirrorPad: {
      ir::MirrorPadOptions out;
      if (auto* o = table<tflite::MirrorPadOptions>(op, B::MirrorPadOptions))
        out.symmetric = o->mode() == tflite::MirrorPadMode::SYMMETRIC;
      return out;
    }
    case T::ResizeBilinear: return resize<tflite::ResizeBilinearOptions>(op, B::ResizeBilinearOptions);
    case T::ResizeNearestNeighbor:
      return resize<tflite::ResizeNearestNeighborOptions>(op, B::ResizeNearestNeighborOptions);
    case T::DepthToSpace: return block<tflite::DepthToSpaceOptions>(op, B::DepthToSpaceOptions);
    case T::SpaceToDepth: return block<tflite::SpaceToDepthOptions>(op, B::SpaceToDepthOptions);
    case T::Cumsum: {
      ir::CumsumOptions out;
      if (auto* o = table<tflite::CumsumOptions>(op, B::CumsumOptions)) out = {o->exclusive(), o->reverse()};
      return out;
    }
    case T::BatchMatMul: {
      ir::BatchMatMulOptions out;
      if (auto* o = table<tflite::BatchMatMulOptions>(op, B::BatchMatMulOptions))
        out = {o->adj_x(), o->adj_y(), o->asymmetric_quantize_inputs()};
      return out;
    }
    case T::TransposeConv: {
      auto* o = table<tflite::TransposeConvOptions>(op, B::TransposeConvOptions);
      if (o == nullptr) fail("has no TransposeConvOptions");
      ir::TransposeConvOptions out;
      out.padding = padding(o->padding(), fail);
      out.stride_w = o->stride_w();
      out.stride_h = o->stride_h();
      if (out.stride_w < 1 || out.stride_h < 1) fail("strides must be >= 1");
      out.activation = activation(o->fused_activation_function(), fail);
      return out;
    }
    case T::Svdf: {
      ir::SvdfOptions out;
      if (auto* o = table<tflite::SVDFOptions>(op, B::SVDFOptions)) {
        out.rank = o->rank();
        out.activation = activation(o->fused_activation_function(), fail);
        out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
      }
      return out;
    }
    case T::UnidirectionalSequenceLstm: {
      ir::LstmOptions out;
      if (auto* o = table<tflite::UnidirectionalSequenceLSTMOptions>(op, B::UnidirectionalSequenceLSTMOptions)) {
        out.activation = activation(o->fused_activation_function(), fail);
        out.cell_clip = o->cell_clip();
        out.proj_clip = o->proj_clip();
        out.time_major = o->time_major();
        out.asymmetric_quantize_inputs = o->asymmetric_quantize_inputs();
        out.diagonal_recurrent_tensors = o->diagonal_recurrent_tensors();
      }
      return out;
    }
    case T::If:
    case T::While:
    case T::CallOnce: return subgraphs(op, type);
    case T::VarHandle: {
      ir::VarHandleOptions out;
      if (auto* o = table<tflite::VarHandleOptions>(op, B::VarHandleOptions)) {
        if (o->container() != nullptr) out.container = o->container()->str();
        if (o->shared_name() != nullptr) out.shared_name = o->shared_name()->str();
      }
      return out;
    }
    case T::DetectionPostprocess: return detection_postprocess(op, fail);
    default: return ir::NoOptions{};
  }
}

}  // namespace mlonmcu::tflite_format
