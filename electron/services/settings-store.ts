// Moved to electron/ledger/settings/store.ts. This re-export keeps the import paths of the areas being moved in
// parallel (projects, supervision, import pipeline, progress) working; delete it once they import the store.
export * from '../ledger/settings/store';
