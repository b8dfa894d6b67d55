-- Keys written before this migration were global (no owner) and kept no payload to compare: they
-- cannot be attributed to a caller, so they are dropped. A retry of such a write is answered by the
-- article's URL and body dedup (addArticle) or recorded anew.
DELETE FROM "IdempotencyKey";

-- AlterTable
ALTER TABLE "IdempotencyKey" DROP CONSTRAINT "IdempotencyKey_pkey",
DROP COLUMN "resultId",
ADD COLUMN     "id" SERIAL NOT NULL,
ADD COLUMN     "owner" TEXT NOT NULL,
ADD COLUMN     "requestHash" TEXT NOT NULL,
ADD COLUMN     "response" JSONB,
ADD CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("id");

-- CreateIndex
CREATE INDEX "IdempotencyKey_createdAt_idx" ON "IdempotencyKey"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyKey_owner_key_key" ON "IdempotencyKey"("owner", "key");
