// Open311 answers in JSON or XML (by the path's extension); XML element names follow the spec.
import type { FastifyReply } from 'fastify';

export type Open311Format = 'json' | 'xml';

type XmlValue =
  string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

// The spec names each list's items: <attributes><attribute>, <values><value> ...
const itemNames: Record<string, string> = {
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  services: 'service',
  service_requests: 'request',
  service_requests_updates: 'request_update',
  errors: 'error',
};

const escapeXml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The document: `root` holds a list (services, service_requests, errors) or one object. */
export function renderXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}`;
}

/** Sends `value` as JSON, or as XML under `root`. */
export function sendOpen311(
  reply: FastifyReply,
  format: Open311Format,
  root: string,
  value: unknown,
  status = 200,
): FastifyReply {
  reply.code(status);
  if (format === 'xml') {
    return reply.type('text/xml; charset=utf-8').send(renderXml(root, value as XmlValue));
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** Splits `name.json` / `name.xml`; undefined when the extension is neither. */
export function splitFormat(file: string): { name: string; format: Open311Format } | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match) return undefined;
  return { name: match[1]!, format: match[2] as Open311Format };
}
