/**
 * The demo city as plain data: Gansu → Tianshui → Gangu and Qin'an counties, with households,
 * shops, factories, farms and one enterprise group. Deterministic: the same seed gives the same city.
 */
import { SeededRandom } from '@meterflow/core';
import type { Account, Customer, Meter, Org, ReadingBook, ServicePoint, TariffAssignmentTable } from '@meterflow/store';
import type { CustomerClass } from '@meterflow/store';

export const DEMO_PASSWORD = 'demo2026';
export const DEMO_SEED = 20261126;
const CREATED_AT = '2026-01-01T00:00:00.000Z';

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'customer' | 'group_admin' | 'clerk' | 'auditor' | 'dispatcher' | 'admin';
  customerId: string | null;
  orgId: string | null;
}

export interface DemoCity {
  orgs: Org[];
  readingBooks: ReadingBook[];
  customers: Customer[];
  accounts: Account[];
  servicePoints: ServicePoint[];
  meters: Meter[];
  tariffs: TariffAssignmentTable[];
  users: DemoUser[];
}

export const DEMO_ORGS: Org[] = [
  {
    id: 'org-gs',
    parentId: null,
    code: '62',
    name: '国网甘肃省电力公司',
    nameEn: 'State Grid Gansu',
    level: 'province',
  },
  {
    id: 'org-ts',
    parentId: 'org-gs',
    code: '6205',
    name: '天水供电公司',
    nameEn: 'Tianshui Supply Company',
    level: 'city',
  },
  {
    id: 'org-gg',
    parentId: 'org-ts',
    code: '620524',
    name: '甘谷县供电公司',
    nameEn: 'Gangu County Branch',
    level: 'county',
  },
  {
    id: 'org-qa',
    parentId: 'org-ts',
    code: '620522',
    name: '秦安县供电公司',
    nameEn: "Qin'an County Branch",
    level: 'county',
  },
];

const COUNTIES = [
  { orgId: 'org-gg', code: '620524', town: '甘谷县', streets: ['大像山镇', '新兴镇', '磐安镇', '六峰镇', '安远镇'] },
  { orgId: 'org-qa', code: '620522', town: '秦安县', streets: ['兴国镇', '莲花镇', '西川镇', '陇城镇', '郭嘉镇'] },
];
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强文博海燕红梅晓东小龙建华玉兰春生';
const SHOPS = ['便利店', '餐馆', '超市', '药店', '理发店', '五金店', '面馆', '宾馆', '农资店', '修理部'];
const WORKS = ['机械厂', '果品加工厂', '建材厂', '面粉厂', '包装厂', '铸造厂', '纺织厂', '印刷厂'];
const FARMS = ['苹果园灌溉站', '蔬菜大棚', '养殖场', '花椒基地'];

/** Which tariff code of the shipped Gansu catalogue each class starts on. */
export const DEMO_TARIFF_BY_CLASS: Record<CustomerClass, string> = {
  residential: 'GS-RES-TIERED',
  commercial: 'GS-GIC-TOU',
  industrial: 'GS-GIC-TOU',
  large_industrial: 'GS-LI-TWO-PART',
  agricultural: 'GS-AGRI',
};

interface AccountSpec {
  customerClass: CustomerClass;
  paymentMode: Account['paymentMode'];
  voltageLevel: string;
  capacityKva: number;
  phases: number;
  ctRatio: number;
  ptRatio: number;
}

function accountSpec(rng: SeededRandom, cls: CustomerClass): AccountSpec {
  switch (cls) {
    case 'residential':
      return {
        customerClass: cls,
        paymentMode: rng.chance(0.6) ? 'prepaid' : 'postpaid',
        voltageLevel: '0.22kV',
        capacityKva: rng.pick([4, 6, 8, 10]),
        phases: 1,
        ctRatio: 1,
        ptRatio: 1,
      };
    case 'commercial':
      return {
        customerClass: cls,
        paymentMode: rng.chance(0.5) ? 'prepaid' : 'postpaid',
        voltageLevel: '0.4kV',
        capacityKva: rng.pick([15, 30, 50, 80]),
        phases: 3,
        ctRatio: rng.pick([1, 20, 30]),
        ptRatio: 1,
      };
    case 'industrial':
      return {
        customerClass: cls,
        paymentMode: 'postpaid',
        voltageLevel: '10kV',
        capacityKva: rng.pick([160, 200, 250]),
        phases: 3,
        ctRatio: rng.pick([10, 15, 20]),
        ptRatio: 100,
      };
    case 'large_industrial':
      return {
        customerClass: cls,
        paymentMode: 'postpaid',
        voltageLevel: '10kV',
        capacityKva: rng.pick([630, 1000, 1600, 2500]),
        phases: 3,
        ctRatio: rng.pick([40, 60, 80]),
        ptRatio: 100,
      };
    case 'agricultural':
      return {
        customerClass: cls,
        paymentMode: 'postpaid',
        voltageLevel: '0.4kV',
        capacityKva: rng.pick([20, 30, 50]),
        phases: 3,
        ctRatio: rng.pick([1, 10]),
        ptRatio: 1,
      };
  }
}

/** Builds the demo city; `customersPerCounty` ≥ 1,000 gives the documented 2,000+ customers. */
export function planDemoCity(customersPerCounty = 1000, seed = DEMO_SEED): DemoCity {
  const rng = new SeededRandom(seed);
  const city: DemoCity = {
    orgs: DEMO_ORGS,
    readingBooks: [],
    customers: [],
    accounts: [],
    servicePoints: [],
    meters: [],
    tariffs: [],
    users: [],
  };
  const seq = new Map<string, number>();
  const next = (key: string) => {
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    return n;
  };

  for (const [ci, county] of COUNTIES.entries()) {
    for (let b = 1; b <= 10; b++) {
      city.readingBooks.push({
        id: `rb-${county.code}-${String(b).padStart(2, '0')}`,
        orgId: county.orgId,
        code: `${county.code}-${String(b).padStart(2, '0')}`,
        name: `${county.town}${county.streets[(b - 1) % county.streets.length]}抄表段${b}`,
        readingDay: 1 + ((b * 2 + ci) % 25),
      });
    }
  }

  const addAccount = (
    customer: Customer,
    spec: AccountSpec,
    county: (typeof COUNTIES)[number],
    address: string,
    exchanged = false,
  ) => {
    const n = next(county.code);
    const id = `acc-${county.code}-${String(n).padStart(4, '0')}`;
    const book = city.readingBooks.filter((b) => b.orgId === county.orgId)[n % 10];
    city.accounts.push({
      id,
      accountNo: `${county.code}${String(n).padStart(4, '0')}`,
      customerId: customer.id,
      orgId: county.orgId,
      readingBookId: book.id,
      paymentMode: spec.paymentMode,
      customerClass: spec.customerClass,
      voltageLevel: spec.voltageLevel,
      contractedCapacityKva: spec.capacityKva,
      status: 'active',
      address,
      openedOn: '2020-01-01',
      closedOn: null,
    });
    const spId = `sp-${id.slice(4)}`;
    city.servicePoints.push({ id: spId, accountId: id, name: '主计量点' });
    const meterBase = { servicePointId: spId, phases: spec.phases, ctRatio: spec.ctRatio, ptRatio: spec.ptRatio };
    const addr = `${county.code.slice(-2)}${String(COUNTIES.indexOf(county) + 1)}${String(n).padStart(9, '0')}`;
    if (exchanged) {
      city.meters.push({
        ...meterBase,
        id: `m-${id.slice(4)}-old`,
        assetNo: `TS${addr}0`,
        address: `${addr.slice(0, 3)}9${addr.slice(4)}`,
        installedOn: '2020-01-01',
        removedOn: '2026-06-18',
      });
      city.meters.push({
        ...meterBase,
        id: `m-${id.slice(4)}`,
        assetNo: `TS${addr}1`,
        address: addr,
        installedOn: '2026-06-18',
        removedOn: null,
      });
    } else {
      city.meters.push({
        ...meterBase,
        id: `m-${id.slice(4)}`,
        assetNo: `TS${addr}1`,
        address: addr,
        installedOn: '2020-01-01',
        removedOn: null,
      });
    }
    city.tariffs.push({
      id: `ta-${id.slice(4)}`,
      account_id: id,
      tariff_code: DEMO_TARIFF_BY_CLASS[spec.customerClass],
      effective_from: '2020-01-01',
      effective_to: null,
    });
  };

  const customer = (
    id: string,
    orgId: string,
    type: Customer['type'],
    name: string,
    address: string,
    parentId: string | null = null,
  ): Customer => {
    const c: Customer = {
      id,
      orgId,
      type,
      name,
      parentId,
      phone: `139${String(rng.int(0, 99999999)).padStart(8, '0')}`,
      address,
      createdAt: CREATED_AT,
    };
    city.customers.push(c);
    return c;
  };

  // Named demo customers first, so their account numbers are stable and easy to show.
  const gg = COUNTIES[0];
  const qa = COUNTIES[1];
  const zhang = customer('cus-zhangwei', gg.orgId, 'residential', '张伟', '甘谷县大像山镇康庄路12号');
  addAccount(zhang, { ...accountSpec(rng, 'residential'), paymentMode: 'prepaid' }, gg, '甘谷县大像山镇康庄路12号');
  addAccount(zhang, { ...accountSpec(rng, 'residential'), paymentMode: 'postpaid' }, gg, '甘谷县新兴镇渭滨小区3栋201');
  const group = customer('cus-longyuan', 'org-ts', 'group', '天水陇原实业集团', '天水市秦州区民主路88号');
  const subs: [string, CustomerClass, (typeof COUNTIES)[number]][] = [
    ['陇原甘谷水泥有限公司', 'large_industrial', gg],
    ['陇原秦安果品加工厂', 'industrial', qa],
    ['陇原秦安物流园', 'commercial', qa],
  ];
  for (const [i, [name, cls, county]] of subs.entries()) {
    const sub = customer(
      `cus-longyuan-${i + 1}`,
      county.orgId,
      'non_residential',
      name,
      `${county.town}工业园区${i + 1}号`,
      group.id,
    );
    addAccount(sub, accountSpec(rng, cls), county, sub.address);
    if (cls === 'large_industrial') addAccount(sub, accountSpec(rng, 'industrial'), county, `${sub.address}二车间`);
  }

  for (const county of COUNTIES) {
    const already = city.customers.filter((c) => c.orgId === county.orgId).length;
    for (let i = already; i < customersPerCounty; i++) {
      const roll = rng.next();
      const cls: CustomerClass =
        roll < 0.85
          ? 'residential'
          : roll < 0.95
            ? 'commercial'
            : roll < 0.98
              ? 'industrial'
              : roll < 0.99
                ? 'large_industrial'
                : 'agricultural';
      const street = rng.pick(county.streets);
      const person = rng.pick([...SURNAMES]) + rng.pick([...GIVEN]) + (rng.chance(0.5) ? rng.pick([...GIVEN]) : '');
      const name =
        cls === 'residential'
          ? person
          : cls === 'commercial'
            ? `${street}${person.slice(0, 1)}记${rng.pick(SHOPS)}`
            : cls === 'agricultural'
              ? `${street}${rng.pick(FARMS)}`
              : `${county.town}${street}${rng.pick(WORKS)}`;
      const address = `${county.town}${street}${rng.int(1, 199)}号`;
      const c = customer(
        `cus-${county.code}-${String(i + 1).padStart(4, '0')}`,
        county.orgId,
        cls === 'residential' ? 'residential' : 'non_residential',
        name,
        address,
      );
      addAccount(c, accountSpec(rng, cls), county, address, rng.chance(0.02));
    }
  }

  city.users = [
    { username: 'admin', displayName: '系统管理员', role: 'admin', customerId: null, orgId: 'org-gs' },
    { username: 'clerk.gangu', displayName: '甘谷抄核收员', role: 'clerk', customerId: null, orgId: 'org-gg' },
    { username: 'clerk.qinan', displayName: '秦安抄核收员', role: 'clerk', customerId: null, orgId: 'org-qa' },
    { username: 'auditor', displayName: '天水电费审核员', role: 'auditor', customerId: null, orgId: 'org-ts' },
    { username: 'dispatcher', displayName: '天水调度值班员', role: 'dispatcher', customerId: null, orgId: 'org-ts' },
    { username: 'zhangwei', displayName: '张伟', role: 'customer', customerId: zhang.id, orgId: null },
    { username: 'group.admin', displayName: '陇原集团管理员', role: 'group_admin', customerId: group.id, orgId: null },
  ];
  return city;
}
