-- AlterTable
ALTER TABLE "scores" ADD COLUMN     "panel" TEXT,
ADD COLUMN     "panel_version" INTEGER;
