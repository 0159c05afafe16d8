// Deterministic, seeded sample rows for the catalogue's tables. Only the 27
// states (codes, names, regions) and a few well-known municipality names are
// real; every number is made up and must never be read as an official statistic.
// Rows come out as text (null for NULL); the engine casts them to the column types.
import type { ColumnFixture, TableFixture } from './catalogue.js';

export type Cell = string | null;

/** mulberry32: tiny, fast, good enough for sample data, and stable across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator's own stream, so adding a table does not change the others' rows. */
export function streamFor(seed: number, name: string): () => number {
  let h = seed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return prng(h);
}

interface Uf {
  id: string;
  sigla: string;
  nome: string;
  regiao: string;
  municipios: number;
  capital: string;
  lon: number;
  lat: number;
  ddd: string[];
  amazonia: boolean;
}

// The 27 states: IBGE codes, names and regions are real; the municipality counts
// add up to Brazil's 5,570; centres are rough and only place the made-up centroids.
export const UFS: readonly Uf[] = [
  { id: '11', sigla: 'RO', nome: 'Rondônia', regiao: 'Norte', municipios: 52, capital: 'Porto Velho', lon: -63, lat: -10.9, ddd: ['69'], amazonia: true },
  { id: '12', sigla: 'AC', nome: 'Acre', regiao: 'Norte', municipios: 22, capital: 'Rio Branco', lon: -70.5, lat: -9.2, ddd: ['68'], amazonia: true },
  { id: '13', sigla: 'AM', nome: 'Amazonas', regiao: 'Norte', municipios: 62, capital: 'Manaus', lon: -64.6, lat: -4.1, ddd: ['92', '97'], amazonia: true },
  { id: '14', sigla: 'RR', nome: 'Roraima', regiao: 'Norte', municipios: 15, capital: 'Boa Vista', lon: -61.3, lat: 2.1, ddd: ['95'], amazonia: true },
  { id: '15', sigla: 'PA', nome: 'Pará', regiao: 'Norte', municipios: 144, capital: 'Belém', lon: -52.3, lat: -4.0, ddd: ['91', '93', '94'], amazonia: true },
  { id: '16', sigla: 'AP', nome: 'Amapá', regiao: 'Norte', municipios: 16, capital: 'Macapá', lon: -51.8, lat: 1.4, ddd: ['96'], amazonia: true },
  { id: '17', sigla: 'TO', nome: 'Tocantins', regiao: 'Norte', municipios: 139, capital: 'Palmas', lon: -48.3, lat: -10.2, ddd: ['63'], amazonia: true },
  { id: '21', sigla: 'MA', nome: 'Maranhão', regiao: 'Nordeste', municipios: 217, capital: 'São Luís', lon: -45.3, lat: -5.4, ddd: ['98', '99'], amazonia: true },
  { id: '22', sigla: 'PI', nome: 'Piauí', regiao: 'Nordeste', municipios: 224, capital: 'Teresina', lon: -42.8, lat: -7.7, ddd: ['86', '89'], amazonia: false },
  { id: '23', sigla: 'CE', nome: 'Ceará', regiao: 'Nordeste', municipios: 184, capital: 'Fortaleza', lon: -39.5, lat: -5.2, ddd: ['85', '88'], amazonia: false },
  { id: '24', sigla: 'RN', nome: 'Rio Grande do Norte', regiao: 'Nordeste', municipios: 167, capital: 'Natal', lon: -36.5, lat: -5.8, ddd: ['84'], amazonia: false },
  { id: '25', sigla: 'PB', nome: 'Paraíba', regiao: 'Nordeste', municipios: 223, capital: 'João Pessoa', lon: -36.8, lat: -7.1, ddd: ['83'], amazonia: false },
  { id: '26', sigla: 'PE', nome: 'Pernambuco', regiao: 'Nordeste', municipios: 185, capital: 'Recife', lon: -37.9, lat: -8.3, ddd: ['81', '87'], amazonia: false },
  { id: '27', sigla: 'AL', nome: 'Alagoas', regiao: 'Nordeste', municipios: 102, capital: 'Maceió', lon: -36.6, lat: -9.6, ddd: ['82'], amazonia: false },
  { id: '28', sigla: 'SE', nome: 'Sergipe', regiao: 'Nordeste', municipios: 75, capital: 'Aracaju', lon: -37.4, lat: -10.6, ddd: ['79'], amazonia: false },
  { id: '29', sigla: 'BA', nome: 'Bahia', regiao: 'Nordeste', municipios: 417, capital: 'Salvador', lon: -41.7, lat: -12.5, ddd: ['71', '73', '74', '75', '77'], amazonia: false },
  { id: '31', sigla: 'MG', nome: 'Minas Gerais', regiao: 'Sudeste', municipios: 853, capital: 'Belo Horizonte', lon: -44.6, lat: -18.5, ddd: ['31', '32', '33', '34', '35', '37', '38'], amazonia: false },
  { id: '32', sigla: 'ES', nome: 'Espírito Santo', regiao: 'Sudeste', municipios: 78, capital: 'Vitória', lon: -40.6, lat: -19.6, ddd: ['27', '28'], amazonia: false },
  { id: '33', sigla: 'RJ', nome: 'Rio de Janeiro', regiao: 'Sudeste', municipios: 92, capital: 'Rio de Janeiro', lon: -42.7, lat: -22.3, ddd: ['21', '22', '24'], amazonia: false },
  { id: '35', sigla: 'SP', nome: 'São Paulo', regiao: 'Sudeste', municipios: 645, capital: 'São Paulo', lon: -48.6, lat: -22.2, ddd: ['11', '12', '13', '14', '15', '16', '17', '18', '19'], amazonia: false },
  { id: '41', sigla: 'PR', nome: 'Paraná', regiao: 'Sul', municipios: 399, capital: 'Curitiba', lon: -51.6, lat: -24.6, ddd: ['41', '42', '43', '44', '45', '46'], amazonia: false },
  { id: '42', sigla: 'SC', nome: 'Santa Catarina', regiao: 'Sul', municipios: 295, capital: 'Florianópolis', lon: -50.5, lat: -27.2, ddd: ['47', '48', '49'], amazonia: false },
  { id: '43', sigla: 'RS', nome: 'Rio Grande do Sul', regiao: 'Sul', municipios: 497, capital: 'Porto Alegre', lon: -53.2, lat: -29.7, ddd: ['51', '53', '54', '55'], amazonia: false },
  { id: '50', sigla: 'MS', nome: 'Mato Grosso do Sul', regiao: 'Centro-Oeste', municipios: 79, capital: 'Campo Grande', lon: -54.8, lat: -20.5, ddd: ['67'], amazonia: false },
  { id: '51', sigla: 'MT', nome: 'Mato Grosso', regiao: 'Centro-Oeste', municipios: 141, capital: 'Cuiabá', lon: -55.9, lat: -12.9, ddd: ['65', '66'], amazonia: true },
  { id: '52', sigla: 'GO', nome: 'Goiás', regiao: 'Centro-Oeste', municipios: 246, capital: 'Goiânia', lon: -49.6, lat: -15.9, ddd: ['62', '64'], amazonia: false },
  { id: '53', sigla: 'DF', nome: 'Distrito Federal', regiao: 'Centro-Oeste', municipios: 1, capital: 'Brasília', lon: -47.9, lat: -15.8, ddd: ['61'], amazonia: false },
];

/** The well-known municipalities whose real IBGE codes are kept. */
const REAL_CODES: Readonly<Record<string, string>> = {
  'São Paulo': '3550308',
  'Rio de Janeiro': '3304557',
  Brasília: '5300108',
};

const NAME_HEADS = [
  'Santa', 'São', 'Nova', 'Bom', 'Porto', 'Campo', 'Serra', 'Lagoa', 'Vila', 'Monte', 'Barra', 'Boa',
  'Alto', 'Ribeirão', 'Água', 'Pedra', 'Cachoeira', 'Jardim', 'Palmeira', 'Morro',
];
const NAME_TAILS = [
  'Esperança', 'Alegre', 'Verde', 'do Norte', 'do Sul', 'da Serra', 'das Flores', 'dos Campos', 'Grande',
  'Bonita', 'Azul', 'Dourada', 'Feliz', 'da Mata', 'do Oeste', 'Velha', 'do Leste', 'Branca', 'Formosa',
  'da Aurora', 'do Araguaia', 'de Minas', 'dos Ipês', 'do Itaim', 'Paraíso', 'União', 'Jacaré', 'Tabocas',
  'do Cedro', 'das Palmeiras', 'Vista', 'do Piauí', 'Nova', 'de Goiás', 'do Mar', 'dos Pinheiros',
];

export interface Municipio {
  id: string;
  id6: string;
  nome: string;
  capital: boolean;
  uf: Uf;
  ddd: string;
  lon: number;
  lat: number;
  /** Made-up size used by the population and GDP generators. */
  size: number;
}

/** IBGE-style check digit over the 6-digit code (made-up codes stay well-formed). */
function checkDigit(code6: string): string {
  const weights = [1, 2, 1, 2, 1, 2];
  let sum = 0;
  for (let i = 0; i < 6; i++) {
    const p = Number(code6[i]) * weights[i]!;
    sum += p > 9 ? Math.floor(p / 10) + (p % 10) : p;
  }
  return String((10 - (sum % 10)) % 10);
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function makeMunicipios(seed: number): Municipio[] {
  const rand = streamFor(seed, 'municipio');
  const out: Municipio[] = [];
  const used = new Set<string>();
  for (const uf of UFS) {
    const names = new Set<string>([uf.capital]);
    while (names.size < uf.municipios) {
      let name = `${pick(rand, NAME_HEADS)} ${pick(rand, NAME_TAILS)}`;
      if (names.has(name)) name = `${name} ${pick(rand, ['I', 'II', 'de Cima', 'de Baixo', 'Velho', 'do Rio'])}`;
      names.add(name);
    }
    let seq = 1;
    for (const nome of names) {
      const capital = nome === uf.capital;
      let id = REAL_CODES[nome] && capital ? REAL_CODES[nome] : undefined;
      if (!id) {
        let code6: string;
        do {
          code6 = `${uf.id}${String(seq * 10 + Math.floor(rand() * 10)).padStart(4, '0')}`;
          seq++;
        } while (used.has(code6));
        id = code6 + checkDigit(code6);
      }
      used.add(id.slice(0, 6));
      out.push({
        id,
        id6: id.slice(0, 6),
        nome,
        capital,
        uf,
        ddd: pick(rand, uf.ddd),
        lon: round(uf.lon + (rand() - 0.5) * 4, 4),
        lat: round(uf.lat + (rand() - 0.5) * 4, 4),
        size: capital ? 400_000 + rand() * (nome === 'São Paulo' ? 11_000_000 : 2_000_000) : Math.exp(7 + rand() * 5.5),
      });
    }
  }
  return out;
}

export interface SeedContext {
  seed: number;
  municipios: Municipio[];
}

type Generator = (ctx: SeedContext, columns: readonly ColumnFixture[], table: TableFixture) => Cell[][];

const GENERATORS: Record<string, Generator> = {
  uf: () => UFS.map((u) => [u.id, u.sigla, u.nome, u.regiao]),

  municipio: (ctx) =>
    ctx.municipios.map((m) => [
      m.id,
      m.id6,
      m.nome,
      m.capital ? '1' : '0',
      m.uf.id,
      m.uf.sigla,
      m.uf.nome,
      m.uf.regiao,
      m.ddd,
      m.uf.amazonia ? '1' : '0',
      `POINT(${m.lon} ${m.lat})`,
    ]),

  populacao_municipio: (ctx) => {
    const rand = streamFor(ctx.seed, 'populacao');
    const rows: Cell[][] = [];
    for (const ano of [2020, 2021]) {
      for (const m of ctx.municipios) {
        const growth = 1 + (ano - 2020) * (0.004 + rand() * 0.01);
        rows.push([String(ano), m.uf.sigla, m.id, String(Math.round(m.size * growth))]);
      }
    }
    return rows;
  },

  pib_municipio: (ctx) => {
    const rand = streamFor(ctx.seed, 'pib');
    const rows: Cell[][] = [];
    for (const m of ctx.municipios) {
      for (const ano of [2020, 2021]) {
        const perCapita = 9_000 + rand() * 60_000 * (m.capital ? 1.5 : 1);
        const va = Math.round(m.size * perCapita * (ano === 2021 ? 1.08 : 1));
        const agro = Math.round(va * rand() * 0.3);
        const ind = Math.round((va - agro) * rand() * 0.4);
        const adm = Math.round((va - agro - ind) * (0.1 + rand() * 0.3));
        const serv = va - agro - ind - adm;
        const impostos = Math.round(va * (0.05 + rand() * 0.12));
        rows.push([m.id, String(ano), String(va + impostos), String(impostos), String(va), String(agro), String(ind), String(serv), String(adm)]);
      }
    }
    return rows;
  },

  bens_candidato: (ctx) => {
    const rand = streamFor(ctx.seed, 'bens_candidato');
    const eleicoes = [
      { ano: '2018', id: '297', data: '2018-10-07' },
      { ano: '2020', id: '426', data: '2020-11-15' },
      { ano: '2022', id: '546', data: '2022-10-02' },
    ];
    const itens = [
      ['Apartamento', 'Apartamento residencial'],
      ['Casa', 'Casa com quintal'],
      ['Terreno', 'Lote urbano'],
      ['Veículo automotor terrestre: caminhão, automóvel, moto, etc.', 'Automóvel de passeio'],
      ['Depósito bancário em conta corrente no País', 'Conta corrente'],
      ['Quotas ou quinhões de capital', 'Participação em empresa'],
      ['Aplicação de renda fixa (CDB, RDB e outros)', 'CDB'],
      ['Outros bens e direitos', null],
    ] as const;
    const rows: Cell[][] = [];
    for (let i = 0; i < 3000; i++) {
      const e = eleicoes[i % 3]!;
      const uf = pick(rand, UFS);
      const [tipo, desc] = pick(rand, itens);
      const titulo = String(Math.floor(rand() * 1e12)).padStart(12, '0');
      rows.push([
        e.ano,
        uf.sigla,
        e.id,
        'eleicao ordinaria',
        e.data,
        titulo,
        String(10000000000 + Math.floor(rand() * 1e9)),
        tipo,
        desc === null ? null : `${desc} nº ${1 + Math.floor(rand() * 999)}`,
        (Math.round(rand() * 5e7) / 100).toFixed(2),
      ]);
    }
    return rows;
  },

  // One column of each type; row 3 is NULL everywhere but `linha`.
  tipos: () => [
    ['1', '42', '3.5', '1234.5', 'true', 'São Paulo', '2021-06-01', '2021-06-01 12:30:45.123456', '2021-06-01 15:30:45.5+00', 'POINT(-46.6333 -23.5505)'],
    ['2', '9007199254740993', '-0.1', '-0.000000001', 'false', 'Ação, "aspas" e emoji 🇧🇷\nsegunda linha', '1900-01-01', '1999-12-31 23:59:59', '1970-01-01 00:00:00+00', 'LINESTRING(-43.2 -22.9, -46.6 -23.5)'],
    ['3', null, null, null, null, null, null, null, null, null],
    ['4', '-9223372036854775808', '1e-7', '99999999999999999999999999999.999999999', 'true', '', '2000-02-29', '2000-02-29 00:00:00', '2000-02-29 00:00:00.000001+00', 'POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))'],
  ],
};

function genericValue(rand: () => number, col: ColumnFixture, ctx: SeedContext): Cell {
  const gen = col.gen;
  if (gen?.choice) return String(pick(rand, gen.choice));
  if (col.name === 'id_municipio') return pick(rand, ctx.municipios).id;
  if (col.name === 'sigla_uf') return pick(rand, UFS).sigla;
  if (col.name.startsWith('id_')) return String(Math.floor(rand() * 1e8)).padStart(8, '0');
  const [lo, hi] = gen?.range ?? [0, 1000];
  switch (col.type) {
    case 'INT64':
      return String(Math.floor(Number(lo) + rand() * (Number(hi) - Number(lo) + 1)));
    case 'FLOAT64':
      return String(round(Number(lo) + rand() * (Number(hi) - Number(lo)), 4));
    case 'NUMERIC':
      return (Number(lo) + rand() * (Number(hi) - Number(lo))).toFixed(6);
    case 'BOOL':
      return rand() < 0.5 ? 'true' : 'false';
    case 'DATE': {
      const a = Date.parse(String(gen?.range?.[0] ?? '2000-01-01'));
      const b = Date.parse(String(gen?.range?.[1] ?? '2023-12-31'));
      return new Date(a + Math.floor(rand() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
    }
    case 'DATETIME':
    case 'TIMESTAMP': {
      const t = Date.UTC(2020, 0, 1) + Math.floor(rand() * 4 * 365 * 86_400) * 1000;
      const iso = new Date(t).toISOString().replace('T', ' ').slice(0, 19);
      return col.type === 'TIMESTAMP' ? `${iso}+00` : iso;
    }
    case 'GEOGRAPHY':
      return `POINT(${round(-70 + rand() * 35, 4)} ${round(-30 + rand() * 33, 4)})`;
    default:
      return `${col.name} ${Math.floor(rand() * 1000)}`;
  }
}

/** Rows of one catalogue table, in column order. */
export function generateRows(ctx: SeedContext, datasetId: string, table: TableFixture, columns: readonly ColumnFixture[]): Cell[][] {
  if (table.generator) {
    const gen = GENERATORS[table.generator];
    if (!gen) throw new Error(`unknown generator ${table.generator} for ${datasetId}.${table.id}`);
    return gen(ctx, columns, table);
  }
  const rand = streamFor(ctx.seed, `${datasetId}.${table.id}`);
  const rows: Cell[][] = [];
  for (let r = 0; r < (table.rows ?? 100); r++) {
    rows.push(columns.map((c) => (c.required || rand() >= 0.02 ? genericValue(rand, c, ctx) : null)));
  }
  return rows;
}
