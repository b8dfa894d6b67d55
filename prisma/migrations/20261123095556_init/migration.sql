-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('PERSON', 'ORGANISATION', 'STATE', 'ARMED_GROUP', 'MEDIA');

-- CreateEnum
CREATE TYPE "AliasLanguage" AS ENUM ('AR', 'EN', 'HE');

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('DAY', 'WEEK', 'MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "MeetingStatus" AS ENUM ('HELD', 'PLANNED', 'CANCELLED', 'REPORTED');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('HOST', 'VISITOR', 'MEDIATOR', 'ATTENDEE', 'DELEGATION_HEAD');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('TABLED', 'UNDER_DISCUSSION', 'ACCEPTED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "StancePosition" AS ENUM ('SUPPORTS', 'OPPOSES', 'ACCEPTS', 'REJECTS', 'CONDITIONAL', 'UNDECIDED');

-- CreateEnum
CREATE TYPE "EvidenceTarget" AS ENUM ('ACTOR_MENTION', 'MEETING', 'PROPOSAL', 'STANCE', 'DEVELOPMENT');

-- CreateEnum
CREATE TYPE "DevelopmentKind" AS ENUM ('MEETING_HELD', 'MEETING_PLANNED', 'PROPOSAL_TABLED', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'TALKS_SUSPENDED', 'TALKS_RESUMED', 'RELEASE_OR_EXCHANGE', 'SAFE_PASSAGE', 'STATEMENT');

-- CreateEnum
CREATE TYPE "DevelopmentChange" AS ENUM ('NEW', 'UPDATE', 'CORRECTION', 'RETRACTION');

-- CreateTable
CREATE TABLE "Article" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "publishedAtPrecision" "DatePrecision" NOT NULL DEFAULT 'DAY',
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Actor" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" "ActorKind" NOT NULL,
    "nameAr" TEXT,
    "nameEn" TEXT NOT NULL,
    "wikidataId" TEXT,
    "description" TEXT,
    "affiliationId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Actor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActorAlias" (
    "id" SERIAL NOT NULL,
    "actorId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    "language" "AliasLanguage" NOT NULL,

    CONSTRAINT "ActorAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "occurredAt" TIMESTAMP(3),
    "occurredAtPrecision" "DatePrecision" NOT NULL DEFAULT 'DAY',
    "venue" TEXT,
    "city" TEXT,
    "status" "MeetingStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingParticipant" (
    "id" SERIAL NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "role" "ParticipantRole" NOT NULL,

    CONSTRAINT "MeetingParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingProposal" (
    "meetingId" INTEGER NOT NULL,
    "proposalId" INTEGER NOT NULL,

    CONSTRAINT "MeetingProposal_pkey" PRIMARY KEY ("meetingId","proposalId")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "status" "ProposalStatus" NOT NULL,
    "tabledAt" TIMESTAMP(3),
    "tabledAtPrecision" "DatePrecision" NOT NULL DEFAULT 'DAY',
    "revisesId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalProposer" (
    "proposalId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,

    CONSTRAINT "ProposalProposer_pkey" PRIMARY KEY ("proposalId","actorId")
);

-- CreateTable
CREATE TABLE "ProposalTerm" (
    "id" SERIAL NOT NULL,
    "proposalId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "ProposalTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stance" (
    "id" SERIAL NOT NULL,
    "proposalId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "position" "StancePosition" NOT NULL,
    "summary" TEXT,
    "asOf" TIMESTAMP(3) NOT NULL,
    "asOfPrecision" "DatePrecision" NOT NULL DEFAULT 'DAY',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Stance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "quote" TEXT NOT NULL,
    "startOffset" INTEGER NOT NULL,
    "endOffset" INTEGER NOT NULL,
    "supports" "EvidenceTarget" NOT NULL,
    "actorId" INTEGER,
    "meetingId" INTEGER,
    "proposalId" INTEGER,
    "stanceId" INTEGER,
    "developmentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Development" (
    "id" SERIAL NOT NULL,
    "sequence" INTEGER NOT NULL,
    "externalKey" TEXT,
    "kind" "DevelopmentKind" NOT NULL,
    "change" "DevelopmentChange" NOT NULL DEFAULT 'NEW',
    "revisesId" INTEGER,
    "summary" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3),
    "occurredAtPrecision" "DatePrecision" NOT NULL DEFAULT 'DAY',
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "meetingId" INTEGER,
    "proposalId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Development_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevelopmentActor" (
    "developmentId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,

    CONSTRAINT "DevelopmentActor_pkey" PRIMARY KEY ("developmentId","actorId")
);

-- CreateTable
CREATE TABLE "FeedCounter" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "FeedCounter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Article_url_key" ON "Article"("url");

-- CreateIndex
CREATE UNIQUE INDEX "Article_contentHash_key" ON "Article"("contentHash");

-- CreateIndex
CREATE INDEX "Article_publishedAt_idx" ON "Article"("publishedAt");

-- CreateIndex
CREATE INDEX "Article_source_idx" ON "Article"("source");

-- CreateIndex
CREATE UNIQUE INDEX "Actor_slug_key" ON "Actor"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Actor_wikidataId_key" ON "Actor"("wikidataId");

-- CreateIndex
CREATE INDEX "Actor_kind_idx" ON "Actor"("kind");

-- CreateIndex
CREATE INDEX "Actor_affiliationId_idx" ON "Actor"("affiliationId");

-- CreateIndex
CREATE INDEX "Actor_nameEn_idx" ON "Actor"("nameEn");

-- CreateIndex
CREATE INDEX "ActorAlias_normalized_idx" ON "ActorAlias"("normalized");

-- CreateIndex
CREATE UNIQUE INDEX "ActorAlias_actorId_normalized_key" ON "ActorAlias"("actorId", "normalized");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_slug_key" ON "Meeting"("slug");

-- CreateIndex
CREATE INDEX "Meeting_occurredAt_idx" ON "Meeting"("occurredAt");

-- CreateIndex
CREATE INDEX "Meeting_status_idx" ON "Meeting"("status");

-- CreateIndex
CREATE INDEX "Meeting_city_idx" ON "Meeting"("city");

-- CreateIndex
CREATE INDEX "Meeting_venue_idx" ON "Meeting"("venue");

-- CreateIndex
CREATE INDEX "MeetingParticipant_actorId_idx" ON "MeetingParticipant"("actorId");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingParticipant_meetingId_actorId_key" ON "MeetingParticipant"("meetingId", "actorId");

-- CreateIndex
CREATE INDEX "MeetingProposal_proposalId_idx" ON "MeetingProposal"("proposalId");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_slug_key" ON "Proposal"("slug");

-- CreateIndex
CREATE INDEX "Proposal_status_idx" ON "Proposal"("status");

-- CreateIndex
CREATE INDEX "Proposal_revisesId_idx" ON "Proposal"("revisesId");

-- CreateIndex
CREATE INDEX "ProposalProposer_actorId_idx" ON "ProposalProposer"("actorId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalTerm_proposalId_position_key" ON "ProposalTerm"("proposalId", "position");

-- CreateIndex
CREATE INDEX "Stance_proposalId_asOf_idx" ON "Stance"("proposalId", "asOf");

-- CreateIndex
CREATE INDEX "Stance_actorId_idx" ON "Stance"("actorId");

-- CreateIndex
CREATE INDEX "Evidence_articleId_idx" ON "Evidence"("articleId");

-- CreateIndex
CREATE INDEX "Evidence_actorId_idx" ON "Evidence"("actorId");

-- CreateIndex
CREATE INDEX "Evidence_meetingId_idx" ON "Evidence"("meetingId");

-- CreateIndex
CREATE INDEX "Evidence_proposalId_idx" ON "Evidence"("proposalId");

-- CreateIndex
CREATE INDEX "Evidence_stanceId_idx" ON "Evidence"("stanceId");

-- CreateIndex
CREATE INDEX "Evidence_developmentId_idx" ON "Evidence"("developmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Development_sequence_key" ON "Development"("sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Development_externalKey_key" ON "Development"("externalKey");

-- CreateIndex
CREATE INDEX "Development_kind_sequence_idx" ON "Development"("kind", "sequence");

-- CreateIndex
CREATE INDEX "Development_meetingId_sequence_idx" ON "Development"("meetingId", "sequence");

-- CreateIndex
CREATE INDEX "Development_proposalId_sequence_idx" ON "Development"("proposalId", "sequence");

-- CreateIndex
CREATE INDEX "Development_revisesId_idx" ON "Development"("revisesId");

-- CreateIndex
CREATE INDEX "Development_occurredAt_idx" ON "Development"("occurredAt");

-- CreateIndex
CREATE INDEX "DevelopmentActor_actorId_developmentId_idx" ON "DevelopmentActor"("actorId", "developmentId");

-- AddForeignKey
ALTER TABLE "Actor" ADD CONSTRAINT "Actor_affiliationId_fkey" FOREIGN KEY ("affiliationId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorAlias" ADD CONSTRAINT "ActorAlias_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingParticipant" ADD CONSTRAINT "MeetingParticipant_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingParticipant" ADD CONSTRAINT "MeetingParticipant_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingProposal" ADD CONSTRAINT "MeetingProposal_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingProposal" ADD CONSTRAINT "MeetingProposal_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_revisesId_fkey" FOREIGN KEY ("revisesId") REFERENCES "Proposal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalProposer" ADD CONSTRAINT "ProposalProposer_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalProposer" ADD CONSTRAINT "ProposalProposer_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalTerm" ADD CONSTRAINT "ProposalTerm_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stance" ADD CONSTRAINT "Stance_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stance" ADD CONSTRAINT "Stance_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_stanceId_fkey" FOREIGN KEY ("stanceId") REFERENCES "Stance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_developmentId_fkey" FOREIGN KEY ("developmentId") REFERENCES "Development"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Development" ADD CONSTRAINT "Development_revisesId_fkey" FOREIGN KEY ("revisesId") REFERENCES "Development"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Development" ADD CONSTRAINT "Development_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Development" ADD CONSTRAINT "Development_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DevelopmentActor" ADD CONSTRAINT "DevelopmentActor_developmentId_fkey" FOREIGN KEY ("developmentId") REFERENCES "Development"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DevelopmentActor" ADD CONSTRAINT "DevelopmentActor_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The live log hands out sequence numbers from this single row (see Development in schema.prisma).
INSERT INTO "FeedCounter" ("id", "value") VALUES (1, 0);
