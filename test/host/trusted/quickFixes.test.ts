import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  nextOpenedDocument,
  openTemplate,
  quickFixesAt,
  setClusterSettings,
  waitForDiagnostics,
} from '../hostSupport';

const TEMPLATE = ['storefront', '.release', 'application_template.yaml'];

async function paymentsDiagnostic() {
  const document = await openTemplate(...TEMPLATE);
  const diagnostics = await waitForDiagnostics(document.uri, (found) =>
    found.some((d) => d.code === 'cross-account' && /payments\/api/.test(d.message)),
  );
  const diagnostic = diagnostics.find((d) => /payments\/api/.test(d.message));
  assert.ok(diagnostic);
  return { document, diagnostic };
}

describe('Quick fixes', () => {
  before(() => setClusterSettings('111111111111', 'us-east-1'));

  it('offers show, copy and apply for a cross-account image, show preferred', async () => {
    const { document, diagnostic } = await paymentsDiagnostic();
    const fixes = await quickFixesAt(document, diagnostic.range);
    const titles = fixes.map((fix) => fix.title);

    assert.ok(titles.includes('Show repository policy for payments/api'), titles.join(' | '));
    assert.ok(titles.includes('Copy repository policy for payments/api'), titles.join(' | '));
    assert.ok(titles.includes('Apply repository policy to payments/api…'), titles.join(' | '));
    const preferred = fixes.filter((fix) => fix.isPreferred).map((fix) => fix.title);
    assert.deepEqual(preferred, ['Show repository policy for payments/api']);
  });

  it('shows the generated policy in an editor, with where to apply it', async () => {
    const { document, diagnostic } = await paymentsDiagnostic();
    const show = (await quickFixesAt(document, diagnostic.range)).find((fix) =>
      fix.title.startsWith('Show repository policy'),
    );
    assert.ok(show?.command);

    const opened = nextOpenedDocument(
      (doc) => doc.isUntitled && /AllowReleasePull/.test(doc.getText()),
    );
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const policyDocument = await opened;

    const text = policyDocument.getText();
    assert.match(text, /account 222222222222, region us-east-1/);
    const json = JSON.parse(text.slice(text.indexOf('{'))) as {
      Statement: { Principal: { AWS: string }; Action: string[] }[];
    };
    assert.equal(json.Statement[0].Principal.AWS, 'arn:aws:iam::111111111111:root');
    assert.deepEqual(json.Statement[0].Action, [
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
    ]);
  });

  it('copies the policy JSON to the clipboard', async () => {
    const { document, diagnostic } = await paymentsDiagnostic();
    const copy = (await quickFixesAt(document, diagnostic.range)).find((fix) =>
      fix.title.startsWith('Copy repository policy'),
    );
    assert.ok(copy?.command);
    await vscode.env.clipboard.writeText('');

    const copied = await vscode.commands.executeCommand<string>(
      copy.command.command,
      ...(copy.command.arguments ?? []),
    );
    const policy = JSON.parse(await vscode.env.clipboard.readText()) as { Statement: unknown[] };
    assert.equal(copied, await vscode.env.clipboard.readText());
    assert.equal(policy.Statement.length, 1);
  });

  it('offers "Configure ReleaseHub cluster" when no cluster is set', async () => {
    const document = await openTemplate(...TEMPLATE);
    await setClusterSettings(undefined, undefined);
    const [diagnostic] = await waitForDiagnostics(document.uri, (found) =>
      found.some((d) => d.code === 'cluster-not-configured'),
    ).then((found) => found.filter((d) => d.code === 'cluster-not-configured'));

    const fixes = await quickFixesAt(document, diagnostic.range);
    const configure = fixes.find((fix) => fix.title === 'Configure ReleaseHub cluster');
    assert.ok(configure?.isPreferred);
    assert.equal(configure.command?.command, 'releasehubEcr.configureCluster');
    await setClusterSettings('111111111111', 'us-east-1');
  });
});
