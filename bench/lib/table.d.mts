export declare function median(samples: readonly number[]): number;
export declare function formatDuration(ms: number): string;
export declare function formatRatio(ours: number, theirs: number): string;
export declare function formatSpeedup(ours: number, theirs: number): string;
export declare function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string;
export declare function describeMachine(machine: { cpuModel: string; cores: number; node: string; platform: string }): string;
