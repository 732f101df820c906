/*
 * Lists keep their page in the address (?page=&size=) beside their filters, so going back from a
 * record returns to the same page. One reading and writing of those two parameters for every list.
 */

export const PAGE_SIZES = [20, 50, 100] as const;

export const positiveParam = (v: string | null) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

export function pagingFrom(params: URLSearchParams): { page: number; size: number } {
  const size = positiveParam(params.get('size'));
  return {
    page: positiveParam(params.get('page')) ?? 1,
    size: size && (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0],
  };
}

/** Writes the page and size, leaving out the defaults so a plain list has a plain address. */
export function writePaging(out: URLSearchParams, p: { page: number; size: number }) {
  if (p.page > 1) out.set('page', String(p.page));
  if (p.size !== PAGE_SIZES[0]) out.set('size', String(p.size));
}

/** The table's pager: a new page size starts again from the first page. */
export function pagerOf(p: { page: number; size: number }, total: number, showTotal: (n: number) => string, go: (next: { page: number; size: number }) => void) {
  return {
    current: p.page,
    pageSize: p.size,
    total,
    showSizeChanger: true,
    pageSizeOptions: [...PAGE_SIZES],
    showTotal,
    onChange: (page: number, size: number) => go({ page: size !== p.size ? 1 : page, size }),
  };
}
