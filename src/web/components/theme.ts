/** The house colours: government blue with a restrained red accent. */
export const BRAND_BLUE = '#1d3f72';
export const BRAND_RED = '#b71c1c';
