-- AlterEnum
ALTER TYPE "CandidateKind" ADD VALUE 'CORROBORATION';

-- AlterEnum
ALTER TYPE "MeetingStatus" ADD VALUE 'POSTPONED';

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "meetingId" INTEGER,
ADD COLUMN     "proposed" JSONB,
ADD COLUMN     "quotes" JSONB NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "Candidate_meetingId_idx" ON "Candidate"("meetingId");

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;
