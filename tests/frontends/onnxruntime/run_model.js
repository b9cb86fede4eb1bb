// Runs ONNX models with onnxruntime (CPU) for MLonMCU's tests, many runs in one process (node
// and onnxruntime start-up is most of a small model's time).
//   node run_model.js JOBS.json
// JOBS.json: [{"model": FILE, "level": LEVEL, "out_dir": DIR,
//              "inputs": [{"name": N, "dtype": "float32"|"int8"|"uint8"|"int32", "dims": [..], "file": F}]}]
// LEVEL is onnxruntime's graphOptimizationLevel (disabled: every node as the ONNX definition
// says; all: with its QDQ fusions, as its users run it). Each job writes DIR/<k>.bin, the raw
// bytes of output k in the model's output order.
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const types = { float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array };

async function main() {
  const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const sessions = new Map();  // one session per (model, level)
  for (const job of jobs) {
    const key = `${job.level}:${job.model}`;
    if (!sessions.has(key)) {
      sessions.set(key, await ort.InferenceSession.create(job.model, {
        graphOptimizationLevel: job.level, intraOpNumThreads: 1, executionProviders: ['cpu'] }));
    }
    const session = sessions.get(key);
    const feeds = {};
    for (const input of job.inputs) {
      const bytes = fs.readFileSync(input.file);
      const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      feeds[input.name] = new ort.Tensor(input.dtype, new types[input.dtype](buf), input.dims);
    }
    const results = await session.run(feeds);
    fs.mkdirSync(job.out_dir, { recursive: true });
    session.outputNames.forEach((name, k) => {
      const data = results[name].data;
      fs.writeFileSync(path.join(job.out_dir, `${k}.bin`), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
  }
}

main().catch((e) => { console.error(String(e)); process.exit(1); });
