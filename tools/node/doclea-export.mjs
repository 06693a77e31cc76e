// Writes the export file Doclea's server would write for a SQLite database, with the queries,
// row mapping and serialisation of Doclea's src/tools/backup/export.ts and
// src/storage/sqlite-backend.ts (docleaai/doclea-mcp), run on libsql instead of bun:sqlite.
// Used by the byte-identity test; nothing here comes from doclea-transfer's own code.
//
// usage: node doclea-export.mjs <database> <output> [storageMode=automatic]
//        [embeddingProvider embeddingModel]
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Database = require("libsql");

const [dbPath, outputPath, storageMode = "automatic", provider, model] = process.argv.slice(2);
if (!dbPath || !outputPath) {
  console.error("usage: node doclea-export.mjs <database> <output> [storageMode] [provider model]");
  process.exit(2);
}
const db = new Database(dbPath);

function all(sql) {
  return db.prepare(sql).all();
}

// SqliteStorageBackend.rowToMemory
function rowToMemory(row) {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    content: row.content,
    summary: row.summary ?? undefined,
    importance: row.importance,
    tags: JSON.parse(row.tags),
    relatedFiles: JSON.parse(row.related_files),
    gitCommit: row.git_commit ?? undefined,
    sourcePr: row.source_pr ?? undefined,
    experts: JSON.parse(row.experts),
    qdrantId: row.qdrant_id ?? undefined,
    createdAt: row.created_at,
    accessedAt: row.accessed_at,
    accessCount: row.access_count ?? 0,
    needsReview: (row.needs_review ?? 0) === 1,
    decayRate: row.decay_rate ?? undefined,
    lastRefreshedAt: row.last_refreshed_at ?? undefined,
    confidenceFloor: row.confidence_floor ?? undefined,
    decayFunction: row.decay_function ?? undefined,
  };
}

// export.ts rowToDocument / rowToChunk
function rowToDocument(row) {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    contentHash: row.content_hash ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function rowToChunk(row) {
  return {
    id: row.id,
    documentId: row.document_id,
    content: row.content,
    qdrantId: row.qdrant_id ?? undefined,
    startOffset: row.start_offset,
    endOffset: row.end_offset,
  };
}

// SqliteStorageBackend.rowToPendingMemory
function rowToPendingMemory(row) {
  return {
    id: row.id,
    memoryData: JSON.parse(row.memory_data),
    suggestedAt: row.suggested_at,
    source: row.source,
    reason: row.reason,
  };
}

function tryAll(sql) {
  try {
    return all(sql);
  } catch {
    return [];
  }
}

const memories = all("SELECT * FROM memories ORDER BY accessed_at DESC").map(rowToMemory);
const documents = all("SELECT * FROM documents ORDER BY created_at DESC").map(rowToDocument);
const chunks = all("SELECT * FROM chunks ORDER BY document_id, start_offset").map(rowToChunk);
const memoryRelations = tryAll("SELECT * FROM memory_relations ORDER BY created_at DESC");
const crossLayerRelations = tryAll("SELECT * FROM cross_layer_relations ORDER BY created_at DESC");
const pendingMemories = all("SELECT * FROM pending_memories ORDER BY suggested_at DESC")
  .map(rowToPendingMemory);
const version = db.prepare("SELECT value FROM _doclea_meta WHERE key = 'schema_version'").get();

const exportData = {
  version: "1.0.0",
  exportedAt: Math.floor(Date.now() / 1000),
  backendType: "sqlite",
  storageMode,
  schemaVersion: version?.value ?? "unknown",
  data: {
    memories,
    documents,
    chunks,
    memoryRelations,
    crossLayerRelations,
    pendingMemories,
  },
  metadata: {
    totalMemories: memories.length,
    embeddingProvider: provider,
    embeddingModel: model,
  },
};
db.close();
writeFileSync(outputPath, JSON.stringify(exportData, null, 2), "utf-8");
