/** What collectStatus reads from the host, the engine and the state; planStatus turns it into lines. */
export interface StatusFacts {
  version: string;
  stateVersion: number;
  codeStateVersion: number;
  filesystems: FilesystemFact[];
  appDisk: AppDiskFact[];
  containers: ContainerFact[];
  certificates: CertificateFact[];
  backup?: BackupFact;
  deploys: DeployFact[];
}

export interface FilesystemFact {
  mount: string;
  /** What Slipway keeps there: "state", "docker". */
  holds: string[];
  totalBytes: number;
  freeBytes: number;
}

export interface AppDiskFact {
  app: string;
  imagesBytes: number;
  volumesBytes: number;
  logsBytes: number;
}

export interface ContainerFact {
  app: string;
  service: string;
  name: string;
  /** The engine's state: running, restarting, exited... */
  state: string;
  /** healthy, unhealthy, starting, or absent without a health check. */
  health?: string;
  restartCount: number;
  /** One of the live release's containers (not a one-off, cron run or leftover). */
  live: boolean;
  memoryBytes?: number;
  memoryLimitBytes?: number;
  cpuPercent?: number;
}

export interface CertificateFact {
  app: string;
  source: string;
  names: string[];
  notAfter: string;
}

/** <state>/backups/status.json, written by backups:run; absent until backups are configured. */
export interface BackupFact {
  lastSuccessAt?: string;
  lastFailureAt?: string;
  lastError?: string;
}

export interface DeployFact {
  app: string;
  release?: number;
  deployedAt?: string;
  cause?: string;
  stopped?: boolean;
}
