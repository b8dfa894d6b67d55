-- DropIndex
DROP INDEX "Article_url_key";

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "minhash" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "nearDuplicateOfId" INTEGER,
ADD COLUMN     "previousVersionId" INTEGER,
ADD COLUMN     "sourceId" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "editedBy" TEXT,
ADD COLUMN     "reviewedBy" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Development" ADD COLUMN     "reviewedBy" TEXT;

-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "feedUrl" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'ar',
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Gaza',
    "pollIntervalSeconds" INTEGER NOT NULL DEFAULT 900,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "fullTextAllowed" BOOLEAN NOT NULL DEFAULT false,
    "lastEtag" TEXT,
    "lastModified" TEXT,
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "nextPollAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "leaseToken" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HostLease" (
    "host" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "token" BIGINT NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HostLease_pkey" PRIMARY KEY ("host")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_feedUrl_key" ON "Source"("feedUrl");

-- CreateIndex
CREATE INDEX "Source_nextPollAt_idx" ON "Source"("nextPollAt");

-- CreateIndex
CREATE UNIQUE INDEX "Article_previousVersionId_key" ON "Article"("previousVersionId");

-- CreateIndex
CREATE INDEX "Article_sourceId_idx" ON "Article"("sourceId");

-- CreateIndex
CREATE INDEX "Article_createdAt_idx" ON "Article"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Article_url_version_key" ON "Article"("url", "version");

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_previousVersionId_fkey" FOREIGN KEY ("previousVersionId") REFERENCES "Article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_nearDuplicateOfId_fkey" FOREIGN KEY ("nearDuplicateOfId") REFERENCES "Article"("id") ON DELETE SET NULL ON UPDATE CASCADE;
