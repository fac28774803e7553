import { describe, expect, it } from 'vitest';
import { findPersonalData, isResidentIdNumber, maskFreeText } from './free-text.ts';

// A valid ID number (check digit 5) and the same number with a wrong check digit.
const ID = '220102199003071235';
const ID_BAD_CHECK = '220102199003071234';

describe('maskFreeText: what is masked', () => {
  it.each([
    ['mobile', '请拨打13812345678联系我', '请拨打138****5678联系我'],
    ['mobile with dashes', '电话138-1234-5678。', '电话138****5678。'],
    ['mobile with spaces', '电话 138 1234 5678 谢谢', '电话 138****5678 谢谢'],
    ['mobile with +86', '手机+86 13912345678', '手机139****5678'],
    ['mobile with 0086', '手机008613912345678', '手机139****5678'],
    ['full-width mobile', '电话１３８１２３４５６７８找我', '电话138****5678找我'],
    ['mobile at the start and end', '15912345678', '159****5678'],
    ['landline with dash', '座机0431-88881234', '座机0431-****1234'],
    ['landline without dash', '座机043188881234', '座机0431-****1234'],
    ['landline in parentheses', '座机(0431)88881234', '座机0431-****1234'],
    ['landline with full-width parentheses', '座机（０４３１）８８８８１２３４', '座机0431-****1234'],
    ['Beijing landline, 7+1 digits', '010-62345678', '010-****5678'],
    ['landline with 7-digit local number', '0433-2345678', '0433-****5678'],
    ['ID number', `身份证号${ID}，住址`, '身份证号220102********1235，住址'],
    ['ID number with X', '身份证11010519491231002X', '身份证110105********002X'],
    ['ID number with lower-case x', '身份证11010519491231002x', '身份证110105********002X'],
    ['full-width ID number', '身份证２２０１０２１９９００３０７１２３５', '身份证220102********1235'],
    ['e-mail', '邮箱zhang.san@example.com谢谢', '邮箱z***@example.com谢谢'],
    ['e-mail at the end of a sentence', 'mail: li_si+x@mail.jl.gov.cn.', 'mail: l***@mail.jl.gov.cn.'],
    ['two numbers', '13812345678或13987654321', '138****5678或139****4321'],
    ['mobile right after letters', 'Tel13912345678', 'Tel139****5678'],
    ['ID number right after letters', `ID${ID}`, 'ID220102********1235'],
  ])('%s', (_, text, masked) => {
    expect(maskFreeText(text)).toBe(masked);
  });

  it('masks the known name wherever it appears verbatim, and only names of two or more characters', () => {
    expect(maskFreeText('我是张伟，张伟的电话13812345678', ['张伟'])).toBe('我是张*，张*的电话138****5678');
    expect(maskFreeText('张先生家漏水', ['张'])).toBe('张先生家漏水');
    expect(maskFreeText('欧阳娜娜反映', [null, '', '欧阳娜娜'])).toBe('欧***反映');
  });
});

describe('maskFreeText: what is left alone', () => {
  it.each([
    ['case number', '与BRD-2026-000123合并'],
    ['hotline case number', 'HTL-2026-013812 已办结'],
    ['case number with a mobile-like tail', 'SUP-2026-13812345678'],
    ['ISO date', '2026-01-13 上午'],
    ['compact date', '20260113'],
    ['Chinese date', '2026年1月13日'],
    ['time', '13:45 到 18:30'],
    ['ten digits starting like a mobile', '编号1381234567'],
    ['twelve digits starting like a mobile', '工单138123456789'],
    ['ticket number of 18 digits without a valid check digit', `单号${ID_BAD_CHECK}`],
    ['18 digits with an impossible birth date', '单号220102199013071235'],
    ['amount', '补贴1380元，面积89.5平方米'],
    ['temperature and count', '室温16℃，共120户'],
    ['landline-like part of a code', 'AB-0431-88881234'],
    ['mobile-like part of a dotted code', 'v1.13912345678.2'],
    ['not an e-mail', '@张三 请回复'],
    ['empty', ''],
  ])('%s', (_, text) => {
    expect(findPersonalData(text)).toEqual([]);
    expect(maskFreeText(text)).toBe(text);
  });

  it('keeps null as null', () => {
    expect(maskFreeText(null)).toBeNull();
  });
});

describe('isResidentIdNumber', () => {
  it('checks the check digit and the birth date', () => {
    expect(isResidentIdNumber(ID)).toBe(true);
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber(ID_BAD_CHECK)).toBe(false);
    expect(isResidentIdNumber('22010219900230123X')).toBe(false); // 30 February
    expect(isResidentIdNumber('12345')).toBe(false);
  });
});

describe('findPersonalData', () => {
  it('reports kind and offsets into the original text', () => {
    const text = `张伟：13812345678，${ID}，a@b.cn，0431-88881234`;
    const spans = findPersonalData(text, ['张伟']);
    expect(spans.map((s) => s.kind)).toEqual(['NAME', 'MOBILE', 'ID_NUMBER', 'EMAIL', 'LANDLINE']);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});
