/**
 * The peer: what the Red Hat YAML extension does on every edit of the same file, i.e.
 * yaml-language-server's validation with no schema associated.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService, getLanguageService } from 'yaml-language-server';

export class YamlLanguageServerPeer {
  private readonly service: LanguageService;
  // The server caches parses by URI and version; a new version per call forces a fresh one,
  // as an edit would.
  private version = 0;

  constructor() {
    this.service = getLanguageService({
      // No schema is configured, so nothing is ever requested; refuse rather than fetch.
      schemaRequestService: (uri) => Promise.reject(new Error(`no schema fetching: ${uri}`)),
      workspaceContext: {
        resolveRelativePath: (relative, resource) => new URL(relative, resource).href,
      },
    });
    this.service.configure({
      validate: true,
      hover: false,
      completion: false,
      format: false,
      isKubernetes: false,
      schemas: [],
      customTags: [],
    });
  }

  /** The server keeps the last parse of each URI; a tiny one takes the big one's place. */
  async forgetDocument(): Promise<void> {
    await this.validate('');
  }

  async validate(text: string): Promise<number> {
    this.version += 1;
    const document = TextDocument.create('file:///bench/template.yaml', 'yaml', this.version, text);
    const diagnostics = await this.service.doValidation(document, false);
    return diagnostics.length;
  }
}
