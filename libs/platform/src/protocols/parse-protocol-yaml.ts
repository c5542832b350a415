import { ProtocolPathSegment, ProtocolValidation, validateProtocol } from '@vigil/safety-domain';
import { LineCounter, parseDocument } from 'yaml';

/** YAML text → validated protocol. Syntax errors and field errors both carry the file name and a line. */
export function parseProtocolYaml(text: string, fileName: string): ProtocolValidation {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `${fileName}: YAML syntax error at line ${line}, column ${col}: ${error.message.split('\n')[0]}`;
      }),
    };
  }
  const locate = (path: ProtocolPathSegment[]): number | undefined => {
    // A missing field has no node: point at the nearest enclosing one that exists.
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return validateProtocol(doc.toJS({ maxAliasCount: 100 }), fileName, { locate });
}
