import * as assert from 'node:assert/strict';
import {
  DEFAULT_TEMPLATE_PATHS,
  POINTER_FILE_NAME,
  isDefaultTemplatePath,
  readTemplatePointer,
} from '../../src/core/templateLocator';

describe('readTemplatePointer', () => {
  it('returns the template path a .release.yaml names', () => {
    const text = 'application_template: deploy/release-template.yml\n';
    assert.equal(readTemplatePointer(text), 'deploy/release-template.yml');
  });

  it('reads the key among comments and other keys', () => {
    const text = [
      '# Points ReleaseHub at a template outside the .release folder.',
      'environment_variables: deploy/release-env.yml',
      'application_template: "deploy/app.yaml"',
      '',
    ].join('\n');
    assert.equal(readTemplatePointer(text), 'deploy/app.yaml');
  });

  it('drops a leading ./ and surrounding spaces', () => {
    assert.equal(
      readTemplatePointer("application_template: ' ./ops/template.yaml '\n"),
      'ops/template.yaml',
    );
  });

  it("returns null for another tool's .release.yaml", () => {
    assert.equal(readTemplatePointer('releases:\n  - name: v1\n    notes: first\n'), null);
  });

  it('returns null for a file that does not parse', () => {
    assert.equal(readTemplatePointer('application_template: [unclosed\n'), null);
  });

  it('returns null when the value is not text', () => {
    assert.equal(readTemplatePointer('application_template: 42\n'), null);
    assert.equal(readTemplatePointer('application_template: {path: x}\n'), null);
    assert.equal(readTemplatePointer('application_template:\n'), null);
  });

  it('returns null when the value is blank', () => {
    assert.equal(readTemplatePointer("application_template: '  '\n"), null);
  });

  it('returns null for a file whose root is not a map', () => {
    assert.equal(readTemplatePointer('- application_template: x\n'), null);
    assert.equal(readTemplatePointer(''), null);
  });
});

describe('isDefaultTemplatePath', () => {
  for (const path of [
    '.release/application_template.yaml',
    '.release/application_template.yml',
    'services/shop/.release/application_template.yaml',
  ]) {
    it(`takes ${path} for a template`, () => {
      assert.equal(isDefaultTemplatePath(path), true);
    });
  }

  for (const path of [
    'release/application_template.yaml',
    'my.release/application_template.yaml',
    '.release/application_template.json',
    '.release/other.yaml',
    '.release.yaml',
  ]) {
    it(`does not take ${path} for a template`, () => {
      assert.equal(isDefaultTemplatePath(path), false);
    });
  }

  it('knows the pointer file name and the default locations', () => {
    assert.equal(POINTER_FILE_NAME, '.release.yaml');
    assert.deepEqual(DEFAULT_TEMPLATE_PATHS, [
      '.release/application_template.yaml',
      '.release/application_template.yml',
    ]);
  });
});
