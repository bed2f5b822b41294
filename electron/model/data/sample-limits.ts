/** What the "sample" privacy level lets a model see of the file: the data brief's limits, and Settings' words for them. */
export const MAX_SAMPLE_ROWS = 5;
export const MAX_CELL_CHARS = 40;
