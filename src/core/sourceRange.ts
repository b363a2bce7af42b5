/** A span of the template text: offsets into the text as given, end exclusive. */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/** 1-based line and column, as compilers and SARIF count them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}
