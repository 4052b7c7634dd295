/* seen.c — passages by document id (seen.h): open addressing, 0 marking a
 * free slot. */
#include "seen.h"

#include <stdlib.h>

typedef struct {
    unsigned id;
    unsigned long at;  /* its number */
} slot_t;

struct mz_seen {
    slot_t *slot;
    size_t n, cap;     /* cap a power of two */
};

mz_seen_t *mz_seen_new(void)
{
    return calloc(1, sizeof(mz_seen_t));
}

void mz_seen_free(mz_seen_t *s)
{
    if (s)
        free(s->slot);
    free(s);
}

/* The slot of id, or the free one where it would go. */
static slot_t *slot_of(slot_t *slot, size_t cap, unsigned id)
{
    size_t h = (id * 2654435761u) & (cap - 1);
    while (slot[h].id && slot[h].id != id)
        h = (h + 1) & (cap - 1);
    return &slot[h];
}

long mz_seen_find(const mz_seen_t *s, unsigned id)
{
    if (!s->cap || !id)
        return -1;
    const slot_t *e = slot_of(s->slot, s->cap, id);
    return e->id ? (long)e->at : -1;
}

long mz_seen_add(mz_seen_t *s, unsigned id)
{
    if (!id)
        return -1;
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        slot_t *slot = calloc(cap, sizeof *slot);
        if (!slot)
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i].id)
                *slot_of(slot, cap, s->slot[i].id) = s->slot[i];
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    slot_t *e = slot_of(s->slot, s->cap, id);
    if (!e->id) {
        e->id = id;
        e->at = s->n++;
    }
    return (long)e->at;
}
