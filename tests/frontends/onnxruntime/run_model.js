// Runs an ONNX model with onnxruntime (CPU) for MLonMCU's tests.
//   node run_model.js MODEL OUT_DIR LEVEL NAME:DTYPE:D0xD1x...:FILE ...
// LEVEL is onnxruntime's graphOptimizationLevel (disabled: every node as the ONNX definition
// says; all: with its QDQ fusions, as its users run it). Writes OUT_DIR/<k>.bin, the raw bytes
// of output k in the model's output order.
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const types = { float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array };

async function main() {
  const [model, outDir, level, ...specs] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: level, intraOpNumThreads: 1, executionProviders: ['cpu'] });
  const feeds = {};
  for (const spec of specs) {
    const [name, dtype, dims, file] = spec.split(':');
    const bytes = fs.readFileSync(file);
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    feeds[name] = new ort.Tensor(dtype, new types[dtype](buf), dims.split('x').map(Number));
  }
  const results = await session.run(feeds);
  session.outputNames.forEach((name, k) => {
    const data = results[name].data;
    fs.writeFileSync(path.join(outDir, `${k}.bin`), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
}

main().catch((e) => { console.error(String(e)); process.exit(1); });
