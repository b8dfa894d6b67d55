/** Types of scripts/generate-read-columns.mjs, for the test that feeds it a model with maps. */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
}
export function readColumnsModule(datamodel: {
  models: { name: string; dbName?: string | null; fields: DmmfField[] }[];
}): string;
