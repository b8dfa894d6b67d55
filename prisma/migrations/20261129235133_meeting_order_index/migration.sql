-- The order of every meeting list (`meetings`, and an actor's meetings): latest first, undated last,
-- the id breaking ties. Without it `meetings(first: 20)` reads all meetings and sorts them (a Seq Scan and
-- a top-N sort, 12 ms on 20,000 meetings), with it an Index Scan stops after 21 rows (bench/speed-work.md, #2).
-- Hand-written because Prisma's @@index cannot say NULLS LAST. scripts/create-migration.ts keeps `…_sql_idx`
-- indexes out of its diff. (No semicolon in these comments: the schema engine splits the script on them.)
CREATE INDEX "Meeting_occurredAt_id_desc_sql_idx" ON "Meeting" ("occurredAt" DESC NULLS LAST, "id" DESC);
