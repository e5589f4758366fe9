import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ServerProcess } from './server-process.js';

/** Where Debian's `slapd` package puts the daemon, its tools, schemas and modules. */
export const SLAPD = {
  binary: existsSync('/usr/sbin/slapd') ? '/usr/sbin/slapd' : 'slapd',
  slapadd: existsSync('/usr/sbin/slapadd') ? '/usr/sbin/slapadd' : 'slapadd',
  schemaDir: '/etc/ldap/schema',
  moduleDir: '/usr/lib/ldap',
};

export interface LocalSlapdOptions {
  /** The directory's suffix, e.g. `dc=example,dc=org`. */
  suffix: string;
  /** The root DN's password (the root DN is `cn=admin,<suffix>`). */
  rootPassword: string;
  /** Entries loaded before the server starts (the suffix entry included). */
  ldif: string;
  logDir: string;
  /**
   * Also LDAPS on a second port and StartTLS on the plain one, with a certificate for 127.0.0.1 signed by a test CA
   * generated with openssl (`caCertificate`).
   */
  tls?: boolean;
}

/**
 * A real OpenLDAP `slapd` (Debian package) for tests and the benchmark: a generated slapd.conf (core, cosine, nis,
 * inetorgperson schemas; one mdb database) in a temporary directory, seeded with slapadd, listening on a free
 * loopback port. `stop()` ends it and removes the directory.
 */
export class LocalSlapd {
  private server?: ServerProcess;
  /** The test CA's certificate (PEM), with `tls`. */
  caCertificate?: string;
  /** The LDAPS port, with `tls`. */
  ldapsPort?: number;

  private constructor(
    readonly port: number,
    readonly suffix: string,
    readonly rootPassword: string,
    private readonly dir: string,
    private readonly logDir: string,
  ) {}

  static async start(options: LocalSlapdOptions): Promise<LocalSlapd> {
    const dir = mkdtempSync(join(tmpdir(), 'slapd-'));
    const slapd = new LocalSlapd(await freePort(), options.suffix, options.rootPassword, dir, options.logDir);
    mkdirSync(join(dir, 'db'));
    if (options.tls) {
      slapd.caCertificate = generateCertificates(dir);
      slapd.ldapsPort = await freePort();
    }
    writeFileSync(join(dir, 'slapd.conf'), slapd.config());
    writeFileSync(join(dir, 'seed.ldif'), options.ldif);
    const seeded = spawnSync(SLAPD.slapadd, ['-q', '-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')], { encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`slapadd failed (${seeded.status ?? seeded.error?.message}): ${seeded.stderr}`);
    await slapd.start();
    return slapd;
  }

  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  get rootDn(): string {
    return `cn=admin,${this.suffix}`;
  }

  /** Starts the server (again, on the same port and data, after `stop({ removeData: false })`). */
  async start(): Promise<void> {
    // `-d 0`: in the foreground, so the process is ours to stop; logs go to stderr.
    const urls = [`ldap://127.0.0.1:${this.port}/`, ...(this.ldapsPort ? [`ldaps://127.0.0.1:${this.ldapsPort}/`] : [])];
    this.server ??= new ServerProcess({
      name: 'slapd',
      command: SLAPD.binary,
      args: ['-d', '0', '-f', join(this.dir, 'slapd.conf'), '-h', urls.join(' ')],
      logFile: join(this.logDir, 'slapd.log'),
      ports: [this.port, ...(this.ldapsPort ? [this.ldapsPort] : [])],
    });
    await this.server.start();
  }

  /** Stops the server; its data stays for a restart unless `removeData`. */
  async stop({ removeData = true }: { removeData?: boolean } = {}): Promise<void> {
    await this.server?.stop(5_000);
    if (removeData) rmSync(this.dir, { recursive: true, force: true });
  }

  private config(): string {
    const schemas = ['core', 'cosine', 'nis', 'inetorgperson'].map((name) => `include ${SLAPD.schemaDir}/${name}.schema`);
    return [
      ...schemas,
      `pidfile ${join(this.dir, 'slapd.pid')}`,
      `modulepath ${SLAPD.moduleDir}`,
      'moduleload back_mdb',
      'loglevel none',
      ...(this.ldapsPort
        ? [
            `TLSCACertificateFile ${join(this.dir, 'ca.crt')}`,
            `TLSCertificateFile ${join(this.dir, 'server.crt')}`,
            `TLSCertificateKeyFile ${join(this.dir, 'server.key')}`,
          ]
        : []),
      'database mdb',
      'maxsize 67108864',
      `suffix "${this.suffix}"`,
      `rootdn "${this.rootDn}"`,
      `rootpw ${this.rootPassword}`,
      `directory ${join(this.dir, 'db')}`,
      'index objectClass eq',
      'index uid,cn,mail,memberUid eq',
      // Users may bind and read; only the root DN writes.
      'access to attrs=userPassword by anonymous auth by self read by * none',
      'access to * by * read',
      '',
    ].join('\n');
  }
}

/** A test CA and a certificate for 127.0.0.1 / localhost signed by it, in `dir`; returns the CA's PEM. */
function generateCertificates(dir: string): string {
  const openssl = (...args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr || result.error?.message}`);
  };
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=rocket-nest test CA',
  );
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  return readFileSync(join(dir, 'ca.crt'), 'utf8');
}
