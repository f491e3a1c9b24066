import { Type } from 'typebox';

/** Response schemas of the customer and account routes; the web app relies on these shapes. */
export const AccountSummary = Type.Object(
  {
    id: Type.String(),
    accountNo: Type.String(),
    customerId: Type.String(),
    customerName: Type.String(),
    customerType: Type.Union([Type.Literal('residential'), Type.Literal('non_residential'), Type.Literal('group')]),
    paymentMode: Type.Union([Type.Literal('postpaid'), Type.Literal('prepaid')]),
    customerClass: Type.String(),
    voltageLevel: Type.String(),
    contractedCapacityKva: Type.Integer(),
    orgId: Type.String(),
    orgName: Type.String(),
    address: Type.String(),
    status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  },
  { $id: 'AccountSummary' },
);

export const MeterView = Type.Object(
  {
    id: Type.String(),
    assetNo: Type.String(),
    address: Type.String(),
    phases: Type.Integer(),
    ctRatio: Type.Integer(),
    ptRatio: Type.Integer(),
    multiplier: Type.Integer(),
    installedOn: Type.String({ format: 'date' }),
    removedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  },
  { $id: 'MeterView' },
);

export const ServicePointView = Type.Object(
  { id: Type.String(), name: Type.String(), meters: Type.Array(Type.Ref('MeterView')) },
  { $id: 'ServicePointView' },
);

export const ReadingBookView = Type.Object(
  { id: Type.String(), code: Type.String(), name: Type.String(), readingDay: Type.Integer() },
  { $id: 'ReadingBookView' },
);

export const AccountDetail = Type.Object(
  {
    account: Type.Ref('AccountSummary'),
    readingBook: Type.Union([Type.Ref('ReadingBookView'), Type.Null()]),
    servicePoints: Type.Array(Type.Ref('ServicePointView')),
  },
  { $id: 'AccountDetail' },
);

export const CustomerView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: Type.String(),
    orgId: Type.String(),
    orgName: Type.String(),
    phoneMasked: Type.String(),
    address: Type.String(),
    parentId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'CustomerView' },
);

export const OrgNode = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    level: Type.String(),
    customerCount: Type.Integer(),
    children: Type.Array(Type.Ref('OrgNode')),
  },
  { $id: 'OrgNode' },
);

export const customerSchemas = [
  AccountSummary,
  MeterView,
  ServicePointView,
  ReadingBookView,
  AccountDetail,
  CustomerView,
  OrgNode,
];
