-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EvidenceTarget" ADD VALUE 'PARTICIPANT';
ALTER TYPE "EvidenceTarget" ADD VALUE 'PROPOSER';
ALTER TYPE "EvidenceTarget" ADD VALUE 'TERM';

-- DropForeignKey
ALTER TABLE "Evidence" DROP CONSTRAINT "Evidence_articleId_fkey";

-- AlterTable
ALTER TABLE "ActorAlias" ADD COLUMN     "ambiguous" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "excludedRanges" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "participantId" INTEGER,
ADD COLUMN     "proposerId" INTEGER,
ADD COLUMN     "termId" INTEGER;

-- AlterTable
ALTER TABLE "ProposalProposer" ADD COLUMN     "id" SERIAL NOT NULL;

-- CreateTable
CREATE TABLE "DataMigration" (
    "name" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DataMigration_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Evidence_participantId_idx" ON "Evidence"("participantId");

-- CreateIndex
CREATE INDEX "Evidence_proposerId_idx" ON "Evidence"("proposerId");

-- CreateIndex
CREATE INDEX "Evidence_termId_idx" ON "Evidence"("termId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalProposer_id_key" ON "ProposalProposer"("id");

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "MeetingParticipant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_proposerId_fkey" FOREIGN KEY ("proposerId") REFERENCES "ProposalProposer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_termId_fkey" FOREIGN KEY ("termId") REFERENCES "ProposalTerm"("id") ON DELETE CASCADE ON UPDATE CASCADE;
