import { ImageSite, TemplateSyntaxError } from '../core/templateModel';

/** Messages between the extension and its parse thread; plain data, cloned on the way. */
export interface ParseRequest {
  readonly id: number;
  readonly text: string;
}

export type ParseReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly images: readonly ImageSite[];
      readonly syntaxErrors: readonly TemplateSyntaxError[];
    }
  | { readonly id: number; readonly ok: false; readonly message: string };
