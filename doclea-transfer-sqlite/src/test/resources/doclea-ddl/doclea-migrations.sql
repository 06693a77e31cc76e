-- Doclea's schema migrations 001..012, copied verbatim from the reference server
-- (github.com/docleaai/doclea-mcp, src/migrations/NNN_*.ts, the SQL of each up()).
-- Format: '-- bootstrap' and '-- migration NNN name' start a block; a line '--;;' ends each statement.
-- Statement text is kept byte for byte (tabs included) so that sqlite_master matches
-- a database that Doclea's server created. 009 (backfill_tags) is a data-only migration.
-- bootstrap: the two tables Doclea's MigrationRunner (src/migrations/runner.ts) creates itself
      CREATE TABLE IF NOT EXISTS _doclea_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER DEFAULT (unixepoch())
      )
--;;
        CREATE TABLE IF NOT EXISTS _doclea_migrations (
          version TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          applied_at INTEGER DEFAULT (unixepoch())
        )
--;;
-- migration 001 initial_schema
      CREATE TABLE IF NOT EXISTS memories (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        summary TEXT,
        importance REAL DEFAULT 0.5,
        tags TEXT DEFAULT '[]',
        related_files TEXT DEFAULT '[]',
        git_commit TEXT,
        source_pr TEXT,
        experts TEXT DEFAULT '[]',
        qdrant_id TEXT,
        created_at INTEGER DEFAULT (unixepoch()),
        accessed_at INTEGER DEFAULT (unixepoch())
      )
    
--;;
      CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        content_hash TEXT,
        created_at INTEGER DEFAULT (unixepoch()),
        updated_at INTEGER DEFAULT (unixepoch())
      )
    
--;;
      CREATE TABLE IF NOT EXISTS chunks (
        id TEXT PRIMARY KEY,
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
        content TEXT NOT NULL,
        qdrant_id TEXT,
        start_offset INTEGER,
        end_offset INTEGER
      )
    
--;;
      CREATE TABLE IF NOT EXISTS embedding_cache (
        content_hash TEXT PRIMARY KEY,
        embedding TEXT NOT NULL,
        model TEXT NOT NULL,
        created_at INTEGER DEFAULT (unixepoch())
      )
    
--;;
CREATE INDEX IF NOT EXISTS idx_memories_type ON memories(type)
--;;
CREATE INDEX IF NOT EXISTS idx_memories_qdrant ON memories(qdrant_id)
--;;
CREATE INDEX IF NOT EXISTS idx_chunks_document ON chunks(document_id)
--;;
CREATE INDEX IF NOT EXISTS idx_embedding_cache_model ON embedding_cache(model)
--;;
-- migration 002 code_graph
      CREATE TABLE IF NOT EXISTS code_nodes (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        file_path TEXT NOT NULL,
        start_line INTEGER,
        end_line INTEGER,
        signature TEXT,
        summary TEXT,
        metadata TEXT,
        created_at INTEGER DEFAULT (unixepoch()),
        updated_at INTEGER DEFAULT (unixepoch())
      )
    
--;;
      CREATE TABLE IF NOT EXISTS code_edges (
        id TEXT PRIMARY KEY,
        from_node TEXT NOT NULL REFERENCES code_nodes(id) ON DELETE CASCADE,
        to_node TEXT NOT NULL REFERENCES code_nodes(id) ON DELETE CASCADE,
        edge_type TEXT NOT NULL,
        metadata TEXT,
        created_at INTEGER DEFAULT (unixepoch()),
        UNIQUE(from_node, to_node, edge_type)
      )
    
--;;
      CREATE TABLE IF NOT EXISTS file_hashes (
        path TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      )
    
--;;
      CREATE INDEX IF NOT EXISTS idx_code_nodes_type ON code_nodes(type)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_code_nodes_file ON code_nodes(file_path)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_code_nodes_name ON code_nodes(name)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_code_edges_from ON code_edges(from_node, edge_type)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_code_edges_to ON code_edges(to_node, edge_type)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_file_hashes_updated ON file_hashes(updated_at)
    
--;;
-- migration 003 memory_relations
      CREATE TABLE IF NOT EXISTS memory_relations (
        id TEXT PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        weight REAL DEFAULT 1.0,
        metadata TEXT,
        created_at INTEGER DEFAULT (unixepoch()),
        UNIQUE(source_id, target_id, type)
      )
    
--;;
      CREATE INDEX IF NOT EXISTS idx_memory_relations_source
      ON memory_relations(source_id)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_memory_relations_target
      ON memory_relations(target_id)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_memory_relations_type
      ON memory_relations(type)
    
--;;
      CREATE INDEX IF NOT EXISTS idx_memory_relations_source_type
      ON memory_relations(source_id, type)
    
--;;
-- migration 004 relation_suggestions
			CREATE TABLE IF NOT EXISTS relation_suggestions (
				id TEXT PRIMARY KEY,
				source_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
				target_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
				suggested_type TEXT NOT NULL,
				confidence REAL NOT NULL,
				reason TEXT NOT NULL,
				detection_method TEXT NOT NULL,
				status TEXT DEFAULT 'pending',
				created_at INTEGER DEFAULT (unixepoch()),
				reviewed_at INTEGER,
				UNIQUE(source_id, target_id, detection_method)
			)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_suggestions_status
			ON relation_suggestions(status)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_suggestions_source
			ON relation_suggestions(source_id)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_suggestions_created
			ON relation_suggestions(created_at)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_suggestions_source_status
			ON relation_suggestions(source_id, status)
		
--;;
-- migration 005 cross_layer_relations
			CREATE TABLE IF NOT EXISTS cross_layer_relations (
				id TEXT PRIMARY KEY,
				memory_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
				code_node_id TEXT NOT NULL REFERENCES code_nodes(id) ON DELETE CASCADE,
				relation_type TEXT NOT NULL,
				direction TEXT NOT NULL,
				confidence REAL NOT NULL,
				metadata TEXT,
				created_at INTEGER DEFAULT (unixepoch()),
				UNIQUE(memory_id, code_node_id, relation_type)
			)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_layer_memory
			ON cross_layer_relations(memory_id)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_layer_code
			ON cross_layer_relations(code_node_id)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_layer_type
			ON cross_layer_relations(relation_type)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_layer_direction
			ON cross_layer_relations(direction)
		
--;;
			CREATE TABLE IF NOT EXISTS cross_layer_suggestions (
				id TEXT PRIMARY KEY,
				memory_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
				code_node_id TEXT NOT NULL REFERENCES code_nodes(id) ON DELETE CASCADE,
				direction TEXT NOT NULL,
				suggested_type TEXT NOT NULL,
				confidence REAL NOT NULL,
				reason TEXT NOT NULL,
				detection_method TEXT NOT NULL,
				status TEXT DEFAULT 'pending',
				created_at INTEGER DEFAULT (unixepoch()),
				reviewed_at INTEGER,
				UNIQUE(memory_id, code_node_id, detection_method)
			)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_suggestions_status
			ON cross_layer_suggestions(status)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_suggestions_memory
			ON cross_layer_suggestions(memory_id)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_suggestions_code
			ON cross_layer_suggestions(code_node_id)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_cross_suggestions_created
			ON cross_layer_suggestions(created_at)
		
--;;
-- migration 006 pending_memories
			CREATE TABLE IF NOT EXISTS pending_memories (
				id TEXT PRIMARY KEY,
				memory_data TEXT NOT NULL,
				qdrant_id TEXT NOT NULL,
				suggested_at INTEGER NOT NULL,
				source TEXT NOT NULL,
				reason TEXT NOT NULL
			)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_pending_memories_suggested_at
			ON pending_memories(suggested_at)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_pending_memories_source
			ON pending_memories(source)
		
--;;
-- migration 007 access_tracking
			ALTER TABLE memories ADD COLUMN access_count INTEGER DEFAULT 0
		
--;;
			CREATE INDEX IF NOT EXISTS idx_memories_access_count
			ON memories(access_count)
		
--;;
-- migration 008 tag_taxonomy
			CREATE TABLE IF NOT EXISTS tag_taxonomy (
				canonical TEXT PRIMARY KEY,
				aliases TEXT NOT NULL DEFAULT '[]',
				category TEXT NOT NULL,
				parent TEXT,
				description TEXT,
				created_at INTEGER DEFAULT (unixepoch()),
				updated_at INTEGER DEFAULT (unixepoch())
			)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_tag_taxonomy_category
			ON tag_taxonomy(category)
		
--;;
			CREATE INDEX IF NOT EXISTS idx_tag_taxonomy_parent
			ON tag_taxonomy(parent)
		
--;;
-- migration 009 backfill_tags
-- migration 010 review_status
      ALTER TABLE memories ADD COLUMN needs_review INTEGER DEFAULT 0
    
--;;
      CREATE INDEX IF NOT EXISTS idx_memories_needs_review
      ON memories(needs_review) WHERE needs_review = 1
    
--;;
-- migration 011 confidence_decay
      ALTER TABLE memories ADD COLUMN decay_rate REAL DEFAULT NULL
    
--;;
      ALTER TABLE memories ADD COLUMN last_refreshed_at INTEGER DEFAULT NULL
    
--;;
      ALTER TABLE memories ADD COLUMN confidence_floor REAL DEFAULT NULL
    
--;;
      ALTER TABLE memories ADD COLUMN decay_function TEXT DEFAULT NULL
    
--;;
      CREATE INDEX IF NOT EXISTS idx_memories_last_refreshed
      ON memories(last_refreshed_at)
    
--;;
-- migration 012 graphrag
      CREATE TABLE IF NOT EXISTS graphrag_entities (
        id TEXT PRIMARY KEY,
        canonical_name TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        description TEXT,
        mention_count INTEGER DEFAULT 1,
        extraction_confidence REAL DEFAULT 1.0,
        extraction_version TEXT,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        embedding_id TEXT,
        metadata TEXT DEFAULT '{}'
      )
    
--;;
      CREATE TABLE IF NOT EXISTS graphrag_relationships (
        id TEXT PRIMARY KEY,
        source_entity_id TEXT NOT NULL REFERENCES graphrag_entities(id) ON DELETE CASCADE,
        target_entity_id TEXT NOT NULL REFERENCES graphrag_entities(id) ON DELETE CASCADE,
        relationship_type TEXT NOT NULL,
        description TEXT,
        strength INTEGER CHECK(strength >= 1 AND strength <= 10),
        created_at INTEGER NOT NULL,
        UNIQUE(source_entity_id, target_entity_id, relationship_type)
      )
    
--;;
      CREATE TABLE IF NOT EXISTS graphrag_relationship_sources (
        relationship_id TEXT NOT NULL REFERENCES graphrag_relationships(id) ON DELETE CASCADE,
        memory_id TEXT NOT NULL,
        evidence_text TEXT,
        PRIMARY KEY(relationship_id, memory_id)
      )
    
--;;
      CREATE TABLE IF NOT EXISTS graphrag_communities (
        id TEXT PRIMARY KEY,
        level INTEGER NOT NULL,
        parent_id TEXT REFERENCES graphrag_communities(id) ON DELETE SET NULL,
        entity_count INTEGER DEFAULT 0,
        resolution REAL,
        modularity REAL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )
    
--;;
      CREATE TABLE IF NOT EXISTS graphrag_community_members (
        community_id TEXT NOT NULL REFERENCES graphrag_communities(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL REFERENCES graphrag_entities(id) ON DELETE CASCADE,
        PRIMARY KEY(community_id, entity_id)
      )
    
--;;
      CREATE TABLE IF NOT EXISTS graphrag_community_reports (
        id TEXT PRIMARY KEY,
        community_id TEXT NOT NULL REFERENCES graphrag_communities(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        full_content TEXT NOT NULL,
        key_findings TEXT DEFAULT '[]',
        rating REAL,
        rating_explanation TEXT,
        prompt_version TEXT,
        embedding_id TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE(community_id)
      )
    
--;;
      CREATE TABLE IF NOT EXISTS graphrag_entity_memories (
        entity_id TEXT NOT NULL REFERENCES graphrag_entities(id) ON DELETE CASCADE,
        memory_id TEXT NOT NULL,
        mention_text TEXT,
        confidence REAL DEFAULT 1.0,
        PRIMARY KEY(entity_id, memory_id)
      )
    
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_entities_name ON graphrag_entities(canonical_name)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_entities_type ON graphrag_entities(entity_type)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_entities_mentions ON graphrag_entities(mention_count DESC)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_rel_source ON graphrag_relationships(source_entity_id)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_rel_target ON graphrag_relationships(target_entity_id)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_communities_level ON graphrag_communities(level)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_communities_parent ON graphrag_communities(parent_id)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_entity_memories_memory ON graphrag_entity_memories(memory_id)
--;;
CREATE INDEX IF NOT EXISTS idx_graphrag_community_members_entity ON graphrag_community_members(entity_id)
--;;
