import * as assert from 'node:assert/strict';
import {
  ALL_REGISTRY_SUFFIXES,
  isRegion,
  partitionOfRegion,
  registrySuffixesOf,
} from '../../src/core/partition';

describe('partition', () => {
  const regions: [string, string][] = [
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['ap-southeast-5', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ];
  for (const [region, partition] of regions) {
    it(`puts ${region} in partition ${partition}`, () => {
      assert.equal(isRegion(region), true);
      assert.equal(partitionOfRegion(region), partition);
    });
  }

  for (const notRegion of ['us-east', 'useast1', 'US-EAST-1', 'us-east-1a', '', 'us_east_1']) {
    it(`does not take '${notRegion}' for a region`, () => {
      assert.equal(isRegion(notRegion), false);
    });
  }

  it('gives China its own registry and dual-stack suffixes', () => {
    assert.deepEqual(registrySuffixesOf('cn-north-1', false), ['amazonaws.com.cn']);
    assert.deepEqual(registrySuffixesOf('cn-north-1', true), ['on.amazonwebservices.com.cn']);
  });

  it('gives isolated partitions no dual-stack suffix', () => {
    assert.deepEqual(registrySuffixesOf('us-iso-east-1', true), []);
  });

  it('lists every suffix longest first, so amazonaws.com.cn is tried before amazonaws.com', () => {
    const lengths = ALL_REGISTRY_SUFFIXES.map((suffix) => suffix.length);
    assert.deepEqual(
      lengths,
      [...lengths].sort((a, b) => b - a),
    );
    assert.ok(
      ALL_REGISTRY_SUFFIXES.indexOf('amazonaws.com.cn') <
        ALL_REGISTRY_SUFFIXES.indexOf('amazonaws.com'),
    );
    assert.equal(new Set(ALL_REGISTRY_SUFFIXES).size, ALL_REGISTRY_SUFFIXES.length);
  });
});
