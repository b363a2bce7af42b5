// Replaced at bundle time by webpack's DefinePlugin; the fallback serves the unbundled tests.
declare const __TOOL_VERSION__: string | undefined;

export function toolVersion(): string {
  return typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev';
}
