// One zod schema per record, used twice: harvest validates what it writes, and
// src/content.config.ts validates what the content collections read. Beside a record's schema is
// the schema of its collection's entry where the two differ (ReleaseSummarySchema,
// EvidenceEntrySchema, AuditLogSchema).
export * from './commit.ts';
export * from './release.ts';
export * from './project.ts';
export * from './layout.ts';
export * from './sbom.ts';
export * from './deployment.ts';
export * from './calendar.ts';
export * from './signature.ts';
export * from './evidence.ts';
export * from './audit.ts';
export * from './shard.ts';
