-- AlterTable
ALTER TABLE "MeetingParticipant" ADD COLUMN     "meetingOccurredAt" TIMESTAMP(3);

-- An actor's meetings are listed latest first (src/read/orders.ts actorMeetings). Sorting by the meeting's own
-- date meant reading every participation of the actor and looking its meeting up, then a top-N sort, for
-- every actor of a nested read. With the date copied here, a page is a range of one index that stops after
-- its rows, as PostGraphile's pages are (bench/speed-work.md, "Nested in one statement").
UPDATE "MeetingParticipant" AS mp SET "meetingOccurredAt" = m."occurredAt" FROM "Meeting" AS m WHERE m.id = mp."meetingId";

-- Kept in step by triggers, in the writing transaction. A participation takes its meeting's date when it is
-- written, reading the meeting FOR SHARE so that a concurrent change of that date is waited for, not missed.
-- A meeting whose date changes passes it on to its participations. The bodies are E'' strings with \073 for
-- each semicolon: the driver adapter that applies migrations splits scripts at every semicolon.
CREATE FUNCTION "participant_meeting_date"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  SELECT m."occurredAt" INTO NEW."meetingOccurredAt" FROM "Meeting" AS m WHERE m.id = NEW."meetingId" FOR SHARE\073
  RETURN NEW\073
END';

CREATE TRIGGER "MeetingParticipant_meeting_date" BEFORE INSERT OR UPDATE ON "MeetingParticipant"
  FOR EACH ROW EXECUTE FUNCTION "participant_meeting_date"();

CREATE FUNCTION "meeting_date_to_participants"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "MeetingParticipant" SET "meetingOccurredAt" = NEW."occurredAt" WHERE "meetingId" = NEW.id\073
  RETURN NULL\073
END';

CREATE TRIGGER "Meeting_date_to_participants" AFTER UPDATE OF "occurredAt" ON "Meeting"
  FOR EACH ROW WHEN (OLD."occurredAt" IS DISTINCT FROM NEW."occurredAt") EXECUTE FUNCTION "meeting_date_to_participants"();

-- The page order: latest first, undated last, the participation id breaking ties. Hand-written because
-- Prisma's @@index cannot say NULLS LAST (scripts/create-migration.ts keeps `…_sql_idx` indexes out of its diff).
CREATE INDEX "MeetingParticipant_actor_date_sql_idx" ON "MeetingParticipant" ("actorId", "meetingOccurredAt" DESC NULLS LAST, "id" DESC);
