-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "CandidateStatus" AS ENUM ('NEEDS_REVIEW', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "CandidateKind" AS ENUM ('MEETING', 'PROPOSAL', 'STANCE', 'DEVELOPMENT');

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN     "confidence" DOUBLE PRECISION,
ADD COLUMN     "method" TEXT;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "Candidate" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "kind" "CandidateKind" NOT NULL,
    "developmentKind" "DevelopmentKind" NOT NULL,
    "summary" TEXT NOT NULL,
    "actorIds" INTEGER[],
    "cueWords" TEXT[],
    "quote" TEXT NOT NULL,
    "startOffset" INTEGER NOT NULL,
    "endOffset" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "status" "CandidateStatus" NOT NULL DEFAULT 'NEEDS_REVIEW',
    "reviewNote" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "developmentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateActor" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "quote" TEXT NOT NULL,
    "startOffset" INTEGER NOT NULL,
    "endOffset" INTEGER NOT NULL,
    "status" "CandidateStatus" NOT NULL DEFAULT 'NEEDS_REVIEW',
    "actorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CandidateActor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "resultId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Candidate_developmentId_key" ON "Candidate"("developmentId");

-- CreateIndex
CREATE INDEX "Candidate_status_id_idx" ON "Candidate"("status", "id");

-- CreateIndex
CREATE INDEX "Candidate_articleId_idx" ON "Candidate"("articleId");

-- CreateIndex
CREATE INDEX "CandidateActor_status_id_idx" ON "CandidateActor"("status", "id");

-- CreateIndex
CREATE INDEX "CandidateActor_articleId_idx" ON "CandidateActor"("articleId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ActorAlias_normalized_trgm_idx" ON "ActorAlias" USING GIN ("normalized" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Article_searchText_idx" ON "Article" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Proposal_searchText_idx" ON "Proposal" USING GIN ("searchText" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidateActor" ADD CONSTRAINT "CandidateActor_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
