// Bad ONNX input: one clear error each (truncated file, unsupported opset, missing
// initializer, dynamic shape, unsupported node), and no crash on any single-bit flip (the
// sanitizer build runs this too).
#include <gtest/gtest.h>

#include <onnx/onnx_pb.h>

#include "expect_error.h"
#include "frontends/frontend.h"
#include "frontends/onnx_oracle.h"
#include "modelbuilder/onnx_writer.h"
#include "ops/lower.h"

namespace mlonmcu::test {
namespace {

using test_support::error_of;

onnx::ModelProto float_model() {
  const Bytes bytes = modelbuilder::write_onnx(onnx_test_net("pooled", ir::DType::Float32), modelbuilder::OnnxStyle::Float);
  onnx::ModelProto m;
  EXPECT_TRUE(m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
  return m;
}

Bytes serialize(const onnx::ModelProto& m) {
  std::string s;
  m.SerializeToString(&s);
  return {s.begin(), s.end()};
}

TEST(OnnxHostile, ValidModelImports) {
  const ir::Graph g = frontends::parse_onnx(serialize(float_model()), "m.onnx");
  EXPECT_GT(g.ops.size(), 5u);
}

TEST(OnnxHostile, TruncatedFile) {
  const Bytes full = serialize(float_model());
  for (size_t cut : {size_t{0}, size_t{3}, full.size() / 3, full.size() / 2, full.size() - 1}) {
    const Bytes part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
    const std::string msg = error_of(ErrorKind::Model, [&] { frontends::parse_onnx(part, "m.onnx"); });
    EXPECT_NE(msg.find("m.onnx"), std::string::npos) << msg;
    EXPECT_TRUE(msg.find("truncated") != std::string::npos || msg.find("empty") != std::string::npos ||
                msg.find("not an ONNX model") != std::string::npos || msg.find("missing") != std::string::npos ||
                msg.find("checker") != std::string::npos)
        << "cut at " << cut << ": " << msg;
  }
}

TEST(OnnxHostile, UnsupportedOpset) {
  onnx::ModelProto m = float_model();
  m.mutable_opset_import(0)->set_version(9);
  const std::string msg = error_of(ErrorKind::Unsupported, [&] { frontends::parse_onnx(serialize(m), "m.onnx"); });
  EXPECT_NE(msg.find("opset 9 is not supported (MLonMCU reads opsets 11 to 17"), std::string::npos) << msg;
}

TEST(OnnxHostile, MissingInitializer) {
  onnx::ModelProto m = float_model();
  const std::string name = m.graph().initializer(0).name();
  m.mutable_graph()->mutable_initializer()->DeleteSubrange(0, 1);
  const std::string msg = error_of(ErrorKind::Model, [&] { frontends::parse_onnx(serialize(m), "m.onnx"); });
  EXPECT_NE(msg.find("input '" + name + "' is missing"), std::string::npos) << msg;
}

TEST(OnnxHostile, DynamicShape) {
  onnx::ModelProto m = float_model();
  auto* dim = m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0);
  dim->set_dim_param("batch");
  const std::string msg = error_of(ErrorKind::Unsupported, [&] { frontends::parse_onnx(serialize(m), "m.onnx"); });
  EXPECT_NE(msg.find("'input' has a dynamic dimension 0 ('batch')"), std::string::npos) << msg;
}

TEST(OnnxHostile, UnsupportedNodeNamesNodeOpAndOpset) {
  onnx::ModelProto m = float_model();
  for (auto& node : *m.mutable_graph()->mutable_node()) {
    if (node.op_type() == "Relu") {
      node.set_op_type("Elu");  // valid ONNX, not imported
      node.set_name("my_elu");
      break;
    }
  }
  const std::string msg = error_of(ErrorKind::Unsupported, [&] { frontends::parse_onnx(serialize(m), "m.onnx"); });
  EXPECT_NE(msg.find("m.onnx: node 'my_elu' (Elu, opset 13): operator not supported"), std::string::npos) << msg;
}

TEST(OnnxHostile, UnsupportedOptionNamesTheReason) {
  onnx::ModelProto m = float_model();
  for (auto& node : *m.mutable_graph()->mutable_node()) {
    if (node.op_type() == "AveragePool") {
      auto* a = node.add_attribute();
      a->set_name("ceil_mode");
      a->set_type(onnx::AttributeProto_AttributeType_INT);
      a->set_i(1);
      node.set_name("pool");
    }
  }
  const std::string msg = error_of(ErrorKind::Unsupported, [&] { frontends::parse_onnx(serialize(m), "m.onnx"); });
  EXPECT_NE(msg.find("node 'pool' (AveragePool, opset 13): ceil_mode=1 is not supported"), std::string::npos) << msg;
}

// Every flipped bit gives a graph or an mlonmcu::Error; nothing else escapes, nothing crashes.
TEST(OnnxHostile, BitFlipsGiveAGraphOrOneError) {
  for (auto style : {modelbuilder::OnnxStyle::Float, modelbuilder::OnnxStyle::QOperator, modelbuilder::OnnxStyle::QDQ}) {
    const ir::Graph net = onnx_test_net("convnet", style == modelbuilder::OnnxStyle::Float ? ir::DType::Float32 : ir::DType::Int8);
    Bytes good;
    try {
      good = modelbuilder::write_onnx(net, style);
    } catch (const Error& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    size_t errors = 0, graphs = 0;
    const size_t step = std::max<size_t>(1, good.size() / 400);
    for (size_t at = 0; at < good.size(); at += step) {
      Bytes bad = good;
      bad[at] ^= static_cast<uint8_t>(1u << (at % 8));
      try {
        ir::Graph g = frontends::parse_onnx(bad, "flip");
        for (const auto& op : g.ops) ops::check_supported(g, op, "interp");
        ++graphs;
      } catch (const Error&) {
        ++errors;
      }
    }
    EXPECT_GT(errors, 0u);
    EXPECT_GT(graphs, 0u);
  }
}

}  // namespace
}  // namespace mlonmcu::test
