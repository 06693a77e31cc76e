// The real-libSQL side of RealLibSqlTest: the npm package `libsql` (the engine Doclea's server
// uses, pinned in package.json) runs Doclea's own statements from src/vectors/libsql.ts.
//
//   node libsql-check.mjs create VECTORS_DB SIZE ROWS_JSON   Doclea's initialize() + upsert()s
//   node libsql-check.mjs check  VECTORS_DB SIZE             Doclea's initialize() + one search
//                                                            per row with the row's own vector
// `check` prints one JSON object: {rows, indexPresent, results: [{id, memoryId, first, found,
// payload}]}.
import { readFileSync } from "node:fs";
import Database from "libsql";

const [mode, dbPath, sizeText, rowsFile] = process.argv.slice(2);
const vectorSize = Number(sizeText);
const tableName = "vector_memories";

function open() {
  const db = new Database(dbPath);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

// LibSqlVectorStore.initialize(), verbatim.
function initialize(db) {
  db.exec(`
      CREATE TABLE IF NOT EXISTS ${tableName} (
        id TEXT PRIMARY KEY,
        memory_id TEXT NOT NULL,
        embedding F32_BLOB(${vectorSize}),
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        tags TEXT NOT NULL,
        related_files TEXT NOT NULL,
        importance REAL NOT NULL,
        payload TEXT NOT NULL
      )
    `);
  try {
    db.exec(`
        CREATE INDEX IF NOT EXISTS ${tableName}_vec_idx
        ON ${tableName} (libsql_vector_idx(embedding, 'metric=cosine'))
      `);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("already exists")) {
      throw error;
    }
  }
  db.exec(`CREATE INDEX IF NOT EXISTS idx_${tableName}_type ON ${tableName}(type)`);
  db.exec(`CREATE INDEX IF NOT EXISTS idx_${tableName}_importance ON ${tableName}(importance)`);
  db.exec(`CREATE INDEX IF NOT EXISTS idx_${tableName}_memory_id ON ${tableName}(memory_id)`);
}

// LibSqlVectorStore.upsert(), verbatim.
function upsert(db, id, vector, payload) {
  const vectorStr = `[${vector.join(",")}]`;
  const stmt = db.prepare(`
      INSERT OR REPLACE INTO ${tableName} (
        id, memory_id, embedding, type, title, tags, related_files, importance, payload
      ) VALUES (
        ?, ?, vector(?), ?, ?, ?, ?, ?, ?
      )
    `);
  stmt.run(id, payload.memoryId, vectorStr, payload.type, payload.title,
    JSON.stringify(payload.tags), JSON.stringify(payload.relatedFiles), payload.importance,
    JSON.stringify(payload));
}

// LibSqlVectorStore.search()'s query, verbatim.
function search(db, vectorStr, fetchLimit) {
  const knnQuery = `
      SELECT
        v.id,
        v.memory_id,
        v.type,
        v.title,
        v.tags,
        v.related_files,
        v.importance,
        v.payload,
        vector_distance_cos(v.embedding, vector(?)) AS distance
      FROM vector_top_k('${tableName}_vec_idx', vector(?), ?) AS vt
      JOIN ${tableName} AS v ON v.rowid = vt.id
      ORDER BY distance ASC
    `;
  return db.prepare(knnQuery).all(vectorStr, vectorStr, fetchLimit);
}

const db = open();
if (mode === "create") {
  initialize(db);
  for (const row of JSON.parse(readFileSync(rowsFile, "utf8"))) {
    upsert(db, row.id, row.vector, row.payload);
  }
  db.close();
} else if (mode === "check") {
  const before = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = ?")
    .get(`${tableName}_vec_idx`).n;
  initialize(db);
  const rows = db.prepare(`SELECT id, memory_id, payload, vector_extract(embedding) AS v FROM`
    + ` ${tableName}`).all();
  const results = rows.map((row) => {
    const hits = search(db, row.v, 10);
    let payload = null;
    try {
      payload = Object.keys(JSON.parse(row.payload));
    } catch (e) {
      payload = String(e);
    }
    return {
      id: row.id,
      memoryId: row.memory_id,
      first: hits.length > 0 ? hits[0].memory_id : null,
      found: hits.some((h) => h.memory_id === row.memory_id),
      payload,
    };
  });
  console.log(JSON.stringify({ rows: rows.length, indexBefore: before, results }));
  db.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
