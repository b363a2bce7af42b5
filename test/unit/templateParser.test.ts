import * as assert from 'node:assert/strict';
import { ImageSite, ParsedTemplate } from '../../src/core/templateModel';
import { parseTemplate } from '../../src/core/templateParser';

const CART = '111111111111.dkr.ecr.us-east-1.amazonaws.com/storefront/cart:2.4.1';
const PAYMENTS = '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7';
const SIDECAR = '333333333333.dkr.ecr.us-east-1.amazonaws.com/mesh/proxy:1.9';

/** Template text from lines, each ended by a newline. */
function yaml(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** The text each site's range covers, which must be the image as written. */
function slices(text: string, template: ParsedTemplate): string[] {
  return template.images.map((site) => text.slice(site.range.start, site.range.end));
}

function onlySite(template: ParsedTemplate): ImageSite {
  assert.equal(template.images.length, 1, `expected one site, got ${template.images.length}`);
  return template.images[0];
}

function positionOf(template: ParsedTemplate, site: ImageSite) {
  return template.positionAt(site.range.start);
}

describe('parseTemplate', () => {
  describe('which images it finds', () => {
    it('finds a service image when has_repo is false', () => {
      const text = yaml('services:', '  - name: cart', `    image: ${CART}`, '    has_repo: false');
      const site = onlySite(parseTemplate(text));
      assert.equal(site.reference, CART);
      assert.equal(site.ownerKind, 'service');
      assert.equal(site.ownerName, 'cart');
      assert.equal(site.topLevelName, 'cart');
      assert.equal(site.path, 'services[0].image');
      assert.equal(site.hasRepo, false);
    });

    it('finds a service image when has_repo is absent and records it as null', () => {
      const text = yaml('services:', '  - name: cart', `    image: ${CART}`);
      assert.equal(onlySite(parseTemplate(text)).hasRepo, null);
    });

    it('ignores a service built from the repository (has_repo: true)', () => {
      const text = yaml(
        'services:',
        '  - name: web',
        '    image: example-org/storefront/web',
        '    has_repo: true',
      );
      assert.deepEqual(parseTemplate(text).images, []);
    });

    it('reads YAML 1.1 spellings of has_repo', () => {
      const text = yaml(
        'services:',
        '  - name: web',
        `    image: ${CART}`,
        '    has_repo: yes',
        '  - name: api',
        `    image: ${PAYMENTS}`,
        '    has_repo: "off"',
      );
      const site = onlySite(parseTemplate(text));
      assert.equal(site.ownerName, 'api');
      assert.equal(site.hasRepo, false);
    });

    it('finds a job image', () => {
      const text = yaml(
        'jobs:',
        '  - name: seed',
        `    image: ${PAYMENTS}`,
        '    command: [./seed]',
      );
      const site = onlySite(parseTemplate(text));
      assert.equal(site.ownerKind, 'job');
      assert.equal(site.ownerName, 'seed');
      assert.equal(site.path, 'jobs[0].image');
    });

    it('needs nothing for a job that runs from a service image', () => {
      const text = yaml(
        'jobs:',
        '  - name: migrate',
        '    from_services: cart',
        `    image: ${PAYMENTS}`,
        '    command: [bin/migrate]',
      );
      assert.deepEqual(parseTemplate(text).images, []);
    });

    it('finds a cron job image', () => {
      const text = yaml(
        'cron_jobs:',
        '  - name: nightly',
        `    image: ${CART}`,
        '    schedule: "0 3 * * *"',
      );
      const site = onlySite(parseTemplate(text));
      assert.equal(site.ownerKind, 'cron_job');
      assert.equal(site.path, 'cron_jobs[0].image');
    });

    it('finds a top-level sidecar image', () => {
      const text = yaml('sidecars:', '  - name: proxy', `    image: ${SIDECAR}`);
      assert.equal(onlySite(parseTemplate(text)).ownerKind, 'sidecar');
    });

    it("finds a service's sidecar and names the service it belongs to", () => {
      const text = yaml(
        'services:',
        '  - name: api',
        '    image: example-org/shop/api',
        '    has_repo: true',
        '    sidecars:',
        '      - name: proxy',
        `        image: ${SIDECAR}`,
      );
      const site = onlySite(parseTemplate(text));
      assert.equal(site.ownerKind, 'container');
      assert.equal(site.ownerName, 'proxy');
      assert.equal(site.topLevelName, 'api');
      assert.equal(site.path, 'services[0].sidecars[0].image');
    });

    it("finds a service's init container", () => {
      const text = yaml(
        'services:',
        '  - name: api',
        `    image: ${CART}`,
        '    init:',
        '      - name: fetch-config',
        `        image: ${SIDECAR}`,
        '        has_repo: false',
      );
      const template = parseTemplate(text);
      assert.deepEqual(
        template.images.map((site) => [site.path, site.ownerName, site.topLevelName]),
        [
          ['services[0].image', 'api', 'api'],
          ['services[0].init[0].image', 'fetch-config', 'api'],
        ],
      );
    });

    it('skips an init container that reuses the repository build', () => {
      const text = yaml(
        'services:',
        '  - name: api',
        `    image: ${CART}`,
        '    init:',
        '      - name: migrate',
        '        image: example-org/shop/api',
        '        has_repo: true',
      );
      assert.equal(onlySite(parseTemplate(text)).path, 'services[0].image');
    });

    it('finds an image nested deeper under a service', () => {
      const text = yaml(
        'services:',
        '  - name: api',
        '    has_repo: true',
        '    image: example-org/shop/api',
        '    pod:',
        '      extra_containers:',
        '        - name: logger',
        `          image: ${SIDECAR}`,
      );
      const site = onlySite(parseTemplate(text));
      assert.equal(site.path, 'services[0].pod.extra_containers[0].image');
      assert.equal(site.topLevelName, 'api');
    });

    it('does not take image keys under build or envs for pulled containers', () => {
      const text = yaml(
        'services:',
        '  - name: api',
        '    has_repo: true',
        '    image: example-org/shop/api',
        '    build:',
        `      image: ${SIDECAR}`,
        '    envs:',
        `      image: ${PAYMENTS}`,
      );
      assert.deepEqual(parseTemplate(text).images, []);
    });

    it('names services of a map-shaped services section by their key', () => {
      const text = yaml('services:', '  cart:', `    image: ${CART}`);
      const site = onlySite(parseTemplate(text));
      assert.equal(site.ownerName, 'cart');
      assert.equal(site.path, 'services.cart.image');
    });

    it('records a null owner name for an entry without one', () => {
      const text = yaml('services:', `  - image: ${CART}`);
      assert.equal(onlySite(parseTemplate(text)).ownerName, null);
    });

    it('ignores sections that pull nothing as written', () => {
      const text = yaml(
        'app: storefront',
        'hostnames:',
        '  - web: web-${env_id}.${domain}',
        'workflows:',
        '  - name: setup',
        '    parallelize:',
        '      - step: services',
        '        tasks: [services.web]',
        `x-shared: &shared ${CART}`,
      );
      assert.deepEqual(parseTemplate(text).images, []);
    });

    it('skips an image key with no value, a null value or a map value', () => {
      const text = yaml(
        'services:',
        '  - name: a',
        '    image:',
        '  - name: b',
        '    image: null',
        '  - name: c',
        '    image: {repository: x}',
      );
      assert.deepEqual(parseTemplate(text).images, []);
    });

    it('finds nothing in a template whose root is not a map', () => {
      assert.deepEqual(parseTemplate(yaml('- services', `- ${CART}`)).images, []);
      assert.deepEqual(parseTemplate('just a string\n').images, []);
    });

    it('finds nothing and reports nothing for an empty file', () => {
      const template = parseTemplate('');
      assert.deepEqual(template.images, []);
      assert.deepEqual(template.syntaxErrors, []);
    });

    it('keeps ${...} interpolation in the reference as written', () => {
      const text = yaml(
        'services:',
        '  - name: x',
        '    image: ${REGISTRY}/analytics/exporter:${TAG}',
      );
      const template = parseTemplate(text);
      assert.equal(onlySite(template).reference, '${REGISTRY}/analytics/exporter:${TAG}');
      assert.deepEqual(slices(text, template), ['${REGISTRY}/analytics/exporter:${TAG}']);
    });
  });

  describe('nested containers whose text hides the word image', () => {
    it('finds a sidecar image whose key is spelled with an escape', () => {
      const text = yaml(
        'services:',
        '  - name: api',
        '    sidecars:',
        '      - name: proxy',
        `        "im\\x61ge": ${SIDECAR}`,
      );
      const site = onlySite(parseTemplate(text));
      assert.equal(site.reference, SIDECAR);
      assert.equal(site.path, 'services[0].sidecars[0].image');
    });

    const broughtIn: Record<string, string[]> = {
      'an alias': ['      - *proxy'],
      'a merge key': ['      - name: proxy', '        <<: *proxy'],
    };
    for (const [how, containerLines] of Object.entries(broughtIn)) {
      it(`finds a nested container whose image comes through ${how}`, () => {
        const anchor = ['x-proxy: &proxy', '  name: proxy', `  image: ${SIDECAR}`];
        const service = ['services:', '  - name: api', '    containers:'];
        const text = yaml(...anchor, ...service, ...containerLines);
        assert.deepEqual(
          parseTemplate(text).images.map((site) => site.reference),
          [SIDECAR],
        );
      });
    }

    it('skips nothing in flow style', () => {
      const text = yaml('services:', `  - {name: api, init: [{name: migrate, image: ${CART}}]}`);
      assert.deepEqual(slices(text, parseTemplate(text)), [CART]);
    });
  });

  describe('where each image is', () => {
    it('covers exactly the plain scalar, not a trailing comment', () => {
      const text = yaml('services:', '  - name: cart', `    image: ${CART}   # pinned`);
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [CART]);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 3, column: 12 });
    });

    it('covers the text inside double quotes', () => {
      const text = yaml('services:', '  - name: cart', `    image: "${CART}"`);
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [CART]);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 3, column: 13 });
    });

    it('covers the text inside single quotes', () => {
      const text = yaml('services:', '  - name: cart', `    image: '${CART}'`);
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [CART]);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 3, column: 13 });
    });

    it('covers the first content line of a block scalar, not its header', () => {
      const text = yaml('services:', '  - name: cart', '    image: >-', `      ${CART}`);
      const template = parseTemplate(text);
      assert.equal(onlySite(template).reference, CART);
      assert.deepEqual(slices(text, template), [CART]);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 4, column: 7 });
    });

    it('finds images in flow-style collections', () => {
      const text = yaml(
        `services: [{name: cart, image: ${CART}}, {name: pay, image: "${PAYMENTS}"}]`,
      );
      const template = parseTemplate(text);
      assert.deepEqual(
        template.images.map((site) => site.ownerName),
        ['cart', 'pay'],
      );
      assert.deepEqual(slices(text, template), [CART, PAYMENTS]);
    });

    it('reads quoted keys like plain ones', () => {
      const text = yaml('"services":', "  - 'name': cart", `    "image": ${CART}`);
      assert.deepEqual(slices(text, parseTemplate(text)), [CART]);
    });

    it('counts lines and columns from 1', () => {
      const text = `services:\n- image: ${CART}\n`;
      const template = parseTemplate(text);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 2, column: 10 });
      assert.deepEqual(template.positionAt(0), { line: 1, column: 1 });
    });
  });

  describe('anchors, aliases and merge keys', () => {
    it('points a finding on an aliased value at the alias use', () => {
      const text = yaml(
        `x-collector: &collector ${PAYMENTS}`,
        'services:',
        '  - name: collector',
        '    image: *collector',
      );
      const template = parseTemplate(text);
      const site = onlySite(template);
      assert.equal(site.reference, PAYMENTS);
      assert.deepEqual(slices(text, template), ['*collector']);
      assert.deepEqual(positionOf(template, site), { line: 4, column: 12 });
    });

    it('finds the anchored value itself where a service defines it', () => {
      const text = yaml(
        'services:',
        '  - name: a',
        `    image: &shared ${PAYMENTS}`,
        '  - name: b',
        '    image: *shared',
      );
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [PAYMENTS, '*shared']);
    });

    it('points at the merge key alias when the image comes from `<<: *base`', () => {
      const text = yaml(
        'x-base: &base',
        `  image: ${PAYMENTS}`,
        '  has_repo: false',
        'services:',
        '  - name: payments',
        '    <<: *base',
      );
      const template = parseTemplate(text);
      const site = onlySite(template);
      assert.equal(site.reference, PAYMENTS);
      assert.equal(site.hasRepo, false);
      assert.deepEqual(slices(text, template), ['*base']);
    });

    it('lets an explicit key win over a merged one', () => {
      const text = yaml(
        `x-base: &base {image: ${PAYMENTS}}`,
        'services:',
        '  - name: cart',
        '    <<: *base',
        `    image: ${CART}`,
      );
      const template = parseTemplate(text);
      assert.equal(onlySite(template).reference, CART);
      assert.deepEqual(slices(text, template), [CART]);
    });

    it('honours has_repo: true brought in by a merge key', () => {
      const text = yaml(
        'x-built: &built {has_repo: true}',
        'services:',
        '  - name: web',
        '    image: example-org/shop/web',
        '    <<: *built',
      );
      assert.deepEqual(parseTemplate(text).images, []);
    });

    it('takes the first of several merged maps that has the key', () => {
      const text = yaml(
        `x-a: &a {image: ${CART}}`,
        `x-b: &b {image: ${PAYMENTS}, has_repo: false}`,
        'services:',
        '  - name: s',
        '    <<: [*a, *b]',
      );
      const template = parseTemplate(text);
      const site = onlySite(template);
      assert.equal(site.reference, CART);
      assert.equal(site.hasRepo, false);
      assert.deepEqual(slices(text, template), ['*a']);
    });

    it('points at the merge key written in the service when merges nest', () => {
      const text = yaml(
        `x-inner: &inner {image: ${PAYMENTS}}`,
        'x-outer: &outer',
        '  <<: *inner',
        '  has_repo: false',
        'services:',
        '  - name: s',
        '    <<: *outer',
      );
      const template = parseTemplate(text);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 7, column: 9 });
      assert.deepEqual(slices(text, template), ['*outer']);
    });

    it('expands merge keys of a %YAML 1.1 document', () => {
      const text = yaml(
        '%YAML 1.1',
        '---',
        `x-base: &base {image: ${PAYMENTS}}`,
        'services:',
        '  - name: payments',
        '    <<: *base',
      );
      const template = parseTemplate(text);
      const site = onlySite(template);
      assert.equal(site.path, 'services[0].image');
      assert.equal(site.ownerKind, 'service');
      assert.deepEqual(slices(text, template), ['*base']);
    });

    it('points at the alias when a whole sidecar map is aliased', () => {
      const text = yaml(
        'x-proxy: &proxy',
        '  name: proxy',
        `  image: ${SIDECAR}`,
        'services:',
        '  - name: api',
        `    image: ${CART}`,
        '    sidecars:',
        '      - *proxy',
      );
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [CART, '*proxy']);
      assert.equal(template.images[1].ownerName, 'proxy');
      assert.equal(template.images[1].topLevelName, 'api');
    });

    it('gives each service that shares an aliased sidecar list its own position', () => {
      const text = yaml(
        'x-sidecars: &sidecars',
        '  - name: proxy',
        `    image: ${SIDECAR}`,
        'services:',
        '  - name: a',
        '    sidecars: *sidecars',
        '  - name: b',
        '    sidecars: *sidecars',
      );
      const template = parseTemplate(text);
      assert.deepEqual(
        template.images.map((site) => [site.topLevelName, positionOf(template, site)]),
        [
          ['a', { line: 6, column: 15 }],
          ['b', { line: 8, column: 15 }],
        ],
      );
    });

    it('finds services listed through an alias', () => {
      const text = yaml(
        'x-services: &services',
        '  - name: cart',
        `    image: ${CART}`,
        'services: *services',
      );
      const template = parseTemplate(text);
      assert.equal(onlySite(template).ownerName, 'cart');
      assert.deepEqual(slices(text, template), ['*services']);
    });

    it('survives a map that merges itself', () => {
      const text = yaml(
        'services:',
        '  - &self',
        '    name: loop',
        `    image: ${CART}`,
        '    <<: *self',
      );
      assert.doesNotThrow(() => parseTemplate(text));
    });
  });

  describe('file encodings and layouts', () => {
    it('keeps positions right with CRLF line ends', () => {
      const text = [
        'services:',
        '  - name: cart',
        `    image: ${CART}`,
        '  - name: pay',
        `    image: '${PAYMENTS}'`,
      ]
        .map((line) => `${line}\r\n`)
        .join('');
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [CART, PAYMENTS]);
      assert.deepEqual(
        template.images.map((site) => positionOf(template, site)),
        [
          { line: 3, column: 12 },
          { line: 5, column: 13 },
        ],
      );
    });

    it('keeps positions right after a byte order mark', () => {
      const text = `\uFEFF${yaml('services:', '  - name: cart', `    image: "${CART}"`)}`;
      const template = parseTemplate(text);
      assert.deepEqual(template.syntaxErrors, []);
      assert.deepEqual(slices(text, template), [CART]);
      assert.deepEqual(positionOf(template, onlySite(template)), { line: 3, column: 13 });
    });

    it('reads every document of a multi-document file', () => {
      const text = yaml(
        'services:',
        '  - name: cart',
        `    image: ${CART}`,
        '---',
        'jobs:',
        '  - name: seed',
        `    image: ${PAYMENTS}`,
      );
      const template = parseTemplate(text);
      assert.deepEqual(slices(text, template), [CART, PAYMENTS]);
      assert.deepEqual(positionOf(template, template.images[1]), { line: 7, column: 12 });
    });

    it('accepts tabs where YAML allows them, after the indentation', () => {
      const text = yaml('services:', '  - name:\tcart', `    image:\t${CART}`);
      const template = parseTemplate(text);
      assert.deepEqual(template.syntaxErrors, []);
      assert.deepEqual(slices(text, template), [CART]);
    });
  });

  describe('text that is not valid YAML', () => {
    it('keeps line numbers right after an unclosed flow sequence', () => {
      const text = yaml(
        '  app: demo',
        'services: [',
        '  - name: web',
        `    image: ${CART}`,
        '  - name: api',
        `    image: ${PAYMENTS}`,
      );
      const template = parseTemplate(text);
      const lines = template.syntaxErrors.map(
        (error) => template.positionAt(error.range.start).line,
      );
      const expected = template.syntaxErrors.map(
        (error) => text.slice(0, error.range.start).split('\n').length,
      );
      assert.deepEqual(lines, expected);
      const onPayments = template.syntaxErrors.find((error) =>
        text.slice(error.range.start).startsWith('222222222222'),
      );
      assert.ok(onPayments, 'an error on the last image');
      assert.deepEqual(template.positionAt(onPayments.range.start), { line: 6, column: 12 });
    });

    it('reports merge keys chained too deeply to search instead of throwing', () => {
      let text = `b0: &b0 {image: ${PAYMENTS}}\n`;
      for (let link = 1; link < 6_000; link++) {
        text += `b${link}: &b${link} {<<: *b${link - 1}, k${link}: v}\n`;
      }
      text += 'services:\n  - <<: *b5999\n    name: s\n';
      const template = parseTemplate(text);
      assert.match(
        template.syntaxErrors.map((error) => error.message).join('\n'),
        /chained too deeply to search/,
      );
    });

    it('reports a tab used as indentation where the parser meets it', () => {
      const text = yaml(
        'services:',
        '  - name: cart',
        `    image: ${CART}`,
        '  - name: pay',
        `\timage: ${PAYMENTS}`,
      );
      const template = parseTemplate(text);
      const [error] = template.syntaxErrors;
      assert.match(error.message, /tab/i);
      assert.deepEqual(template.positionAt(error.range.start), { line: 5, column: 1 });
    });

    it('still finds the images that parsed before a tab error', () => {
      const text = yaml(
        'services:',
        '  - name: cart',
        `    image: ${CART}`,
        '  - name: pay',
        `\timage: ${PAYMENTS}`,
      );
      assert.deepEqual(slices(text, parseTemplate(text)), [CART]);
    });

    it('reports an unclosed quote and keeps what came before it', () => {
      const text = yaml(
        'services:',
        '  - name: cart',
        `    image: ${CART}`,
        '  - name: pay',
        '    image: "oops',
      );
      const template = parseTemplate(text);
      assert.equal(template.syntaxErrors.length, 1);
      assert.match(template.syntaxErrors[0].message, /quote/i);
      assert.deepEqual(slices(text, template)[0], CART);
    });

    it('reports an unclosed flow collection', () => {
      const text = yaml('services: [{name: cart, image: x}', 'jobs:');
      assert.ok(parseTemplate(text).syntaxErrors.length > 0);
    });

    it('gives one-line messages without the position text', () => {
      const text = yaml('services:', '  - name: a', '   bad: [', 'jobs: x');
      const template = parseTemplate(text);
      assert.ok(template.syntaxErrors.length > 0);
      for (const error of template.syntaxErrors) {
        assert.doesNotMatch(error.message, /\n/);
        assert.doesNotMatch(error.message, /at line \d+/);
        assert.ok(error.range.start <= error.range.end);
        assert.ok(error.range.end <= text.length);
      }
    });

    it('keeps reading the next document after a broken one', () => {
      const text = yaml('services: [', '---', 'jobs:', '  - name: seed', `    image: ${PAYMENTS}`);
      const template = parseTemplate(text);
      assert.ok(template.syntaxErrors.length > 0);
      assert.deepEqual(slices(text, template), [PAYMENTS]);
    });
  });

  describe('hostile and repetitive input', () => {
    it('searches nested aliases once per alias use, so an alias bomb stays small', () => {
      // 20^8 paths if every alias were expanded: the walk must not follow them all.
      const lines = [`x-a0: &a0 {name: c, image: ${PAYMENTS}}`];
      for (let level = 1; level <= 8; level++) {
        lines.push(
          `x-a${level}: &a${level} [${Array(20)
            .fill(`*a${level - 1}`)
            .join(', ')}]`,
        );
      }
      lines.push('services: [{name: s, extra: *a8}, {name: t, sidecars: *a3}]');
      const text = yaml(...lines);

      const template = parseTemplate(text);

      assert.equal(template.images.length, 1);
      assert.equal(text.slice(template.images[0].range.start, template.images[0].range.end), '*a3');
    });

    it('reports a repeated image key and, like ReleaseHub, uses the last one', () => {
      const text = yaml(
        'services:',
        '  - name: api',
        `    image: ${CART}`,
        `    image: ${PAYMENTS}`,
      );

      const template = parseTemplate(text);

      assert.deepEqual(slices(text, template), [PAYMENTS]);
      assert.equal(template.syntaxErrors.length, 1);
      assert.match(template.syntaxErrors[0].message, /unique/);
      assert.equal(positionOf(template, template.images[0]).line, 4);
    });

    it('lets merge keys repeat without an error', () => {
      const text = yaml(
        'x-a: &a {has_repo: false}',
        'x-b: &b {name: api}',
        'services:',
        '  - <<: *a',
        '    <<: *b',
        `    image: ${CART}`,
      );

      const template = parseTemplate(text);

      assert.deepEqual(template.syntaxErrors, []);
      assert.equal(onlySite(template).ownerName, 'api');
    });
  });
});
