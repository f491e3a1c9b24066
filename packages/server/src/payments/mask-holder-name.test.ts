import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskHolderName } from './mask-holder-name.ts';

test('people keep the first character, organisations the first and last two', () => {
  assert.equal(maskHolderName('张伟', true), '张*');
  assert.equal(maskHolderName('欧阳娜娜', true), '欧***');
  assert.equal(maskHolderName('陇原实业公司', false), '陇原**公司');
  assert.equal(maskHolderName('天水陇原实业集团', false), '天水****集团');
  assert.equal(maskHolderName('甲', true), '*');
});
