#include "modelbuilder/tflite_options_writer.h"

#include "frontends/tflite/tflite_mapping.h"

namespace mlonmcu::modelbuilder {

namespace {

namespace tf = mlonmcu::tflite_format;
using B = tflite::BuiltinOptions;
using T = ir::OpType;

tflite::ActivationFunctionType act(ir::Activation a) {
  return static_cast<tflite::ActivationFunctionType>(tf::activation_to_tflite(a));
}

OptionsOut with_options(flatbuffers::FlatBufferBuilder& fbb, const ir::Operator& op) {
  if (auto* o = std::get_if<ir::ElementwiseOptions>(&op.options)) {
    if (op.type == T::Div) return {B::DivOptions, tflite::CreateDivOptions(fbb, act(o->activation)).Union()};
    if (op.type == T::L2Normalization)
      return {B::L2NormOptions, tflite::CreateL2NormOptions(fbb, act(o->activation)).Union()};
  }
  if (auto* o = std::get_if<ir::ReducerOptions>(&op.options))
    return {B::ReducerOptions, tflite::CreateReducerOptions(fbb, o->keep_dims).Union()};
  if (auto* o = std::get_if<ir::SplitOptions>(&op.options)) {
    if (op.type == T::SplitV) return {B::SplitVOptions, tflite::CreateSplitVOptions(fbb, o->num_splits).Union()};
    return {B::SplitOptions, tflite::CreateSplitOptions(fbb, o->num_splits).Union()};
  }
  if (auto* o = std::get_if<ir::PackOptions>(&op.options)) {
    if (op.type == T::Unpack) return {B::UnpackOptions, tflite::CreateUnpackOptions(fbb, o->count, o->axis).Union()};
    return {B::PackOptions, tflite::CreatePackOptions(fbb, o->count, o->axis).Union()};
  }
  if (auto* o = std::get_if<ir::GatherOptions>(&op.options))
    return {B::GatherOptions, tflite::CreateGatherOptions(fbb, o->axis, o->batch_dims).Union()};
  if (auto* o = std::get_if<ir::LeakyReluOptions>(&op.options))
    return {B::LeakyReluOptions, tflite::CreateLeakyReluOptions(fbb, o->alpha).Union()};
  if (auto* o = std::get_if<ir::MirrorPadOptions>(&op.options))
    return {B::MirrorPadOptions,
            tflite::CreateMirrorPadOptions(fbb, o->symmetric ? tflite::MirrorPadMode::SYMMETRIC
                                                             : tflite::MirrorPadMode::REFLECT)
                .Union()};
  if (auto* o = std::get_if<ir::ResizeOptions>(&op.options)) {
    if (op.type == T::ResizeNearestNeighbor)
      return {B::ResizeNearestNeighborOptions,
              tflite::CreateResizeNearestNeighborOptions(fbb, o->align_corners, o->half_pixel_centers).Union()};
    return {B::ResizeBilinearOptions,
            tflite::CreateResizeBilinearOptions(fbb, o->align_corners, o->half_pixel_centers).Union()};
  }
  if (auto* o = std::get_if<ir::BlockOptions>(&op.options)) {
    if (op.type == T::SpaceToDepth)
      return {B::SpaceToDepthOptions, tflite::CreateSpaceToDepthOptions(fbb, o->block_size).Union()};
    return {B::DepthToSpaceOptions, tflite::CreateDepthToSpaceOptions(fbb, o->block_size).Union()};
  }
  if (auto* o = std::get_if<ir::CumsumOptions>(&op.options))
    return {B::CumsumOptions, tflite::CreateCumsumOptions(fbb, o->exclusive, o->reverse).Union()};
  if (auto* o = std::get_if<ir::BatchMatMulOptions>(&op.options))
    return {B::BatchMatMulOptions,
            tflite::CreateBatchMatMulOptions(fbb, o->adj_x, o->adj_y, o->asymmetric_quantize_inputs).Union()};
  if (auto* o = std::get_if<ir::TransposeConvOptions>(&op.options))
    return {B::TransposeConvOptions,
            tflite::CreateTransposeConvOptions(fbb, static_cast<tflite::Padding>(tf::padding_to_tflite(o->padding)),
                                               o->stride_w, o->stride_h, act(o->activation))
                .Union()};
  if (auto* o = std::get_if<ir::SvdfOptions>(&op.options))
    return {B::SVDFOptions,
            tflite::CreateSVDFOptions(fbb, o->rank, act(o->activation), o->asymmetric_quantize_inputs).Union()};
  if (auto* o = std::get_if<ir::LstmOptions>(&op.options))
    return {B::UnidirectionalSequenceLSTMOptions,
            tflite::CreateUnidirectionalSequenceLSTMOptions(fbb, act(o->activation), o->cell_clip, o->proj_clip,
                                                            o->time_major, o->asymmetric_quantize_inputs,
                                                            o->diagonal_recurrent_tensors)
                .Union()};
  if (auto* o = std::get_if<ir::SubgraphOptions>(&op.options)) {
    const auto at = [&](size_t i) { return i < o->subgraphs.size() ? o->subgraphs[i] : 0; };
    if (op.type == T::If) return {B::IfOptions, tflite::CreateIfOptions(fbb, at(0), at(1)).Union()};
    if (op.type == T::While) return {B::WhileOptions, tflite::CreateWhileOptions(fbb, at(0), at(1)).Union()};
    return {B::CallOnceOptions, tflite::CreateCallOnceOptions(fbb, at(0)).Union()};
  }
  if (auto* o = std::get_if<ir::VarHandleOptions>(&op.options))
    return {B::VarHandleOptions, tflite::CreateVarHandleOptions(fbb, fbb.CreateString(o->container),
                                                                fbb.CreateString(o->shared_name))
                                     .Union()};
  return {};
}

}  // namespace

OptionsOut write_more_options(flatbuffers::FlatBufferBuilder& fbb, const ir::Operator& op) {
  return with_options(fbb, op);
}

}  // namespace mlonmcu::modelbuilder
