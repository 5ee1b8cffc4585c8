/** Every command id the extension declares, in one place (they match package.json). */
export const CommandIds = {
  refresh: 'courseNotes.refresh',
  openLocation: 'courseNotes.openLocation',
  newNote: 'courseNotes.newNote',
  openSettings: 'courseNotes.openSettings',
  showLog: 'courseNotes.showLog',
  run: 'courseNotes.run',
  runAll: 'courseNotes.runAll',
  cancel: 'courseNotes.cancelRun',
  revealTerminal: 'courseNotes.revealTerminal',
  runAtCursor: 'courseNotes.runAtCursor',
  runFromTree: 'courseNotes.runFromTree',
  resetProgress: 'courseNotes.resetProgress',
  cleanUpNote: 'courseNotes.cleanUpNote',
  switchTarget: 'courseNotes.switchTarget',
  restartSession: 'courseNotes.restartSession',
  openLink: 'courseNotes.openLink',
  showDifference: 'courseNotes.showDifference',
  check: 'courseNotes.check',
  saveFileBlock: 'courseNotes.saveFileBlock',
  continueLab: 'courseNotes.continueLab',
  resetCourseProgress: 'courseNotes.resetCourseProgress',
  exportLabReport: 'courseNotes.exportLabReport',
} as const;

export const ViewIds = {
  notes: 'courseNotes.notes',
  glossary: 'courseNotes.glossary',
} as const;

export const ContextKeys = {
  ready: 'courseNotes.ready',
  hasNotes: 'courseNotes.hasNotes',
} as const;
