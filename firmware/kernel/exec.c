/*
 * exec.c -- execve of an ELF executable from the initramfs (Linux
 * fs/exec.c + fs/binfmt_elf.c, the subset a static RV32 executable needs).
 *
 *   1. copy the path, argv and envp strings into a kernel page (E2BIG past it)
 *   2. look the file up, check the ELF header and program headers (ENOEXEC)
 *   3. point of no return: a fresh mm (mm_alloc), switched to
 *   4. each PT_LOAD: an anonymous private mapping of its pages, written,
 *      filled through copy_to_user, then given its p_flags protection
 *   5. brk starts at the page after the highest segment
 *   6. the stack: STACK_INIT_SIZE below STACK_TOP, VM_GROWSDOWN, laid out
 *      as Linux does (from the top): the strings, padding to 16 bytes,
 *      auxv (AT_PAGESZ, AT_ENTRY, AT_NULL), envp[] NULL, argv[] NULL, argc
 *   7. the old mm is dropped; the frame returns to e_entry with sp at argc
 *
 * A failure after step 3 (out of memory) ends the process with SIGKILL,
 * as Linux does past the point of no return.
 */
#include <elf.h>
#include <string.h>

#include "csr.h"
#include "gfp.h"
#include "asid.h"
#include "mmap.h"
#include "sched_mm.h"
#include "printk.h"
#include "process.h"
#include "uaccess.h"

#define MAX_ARG_STRINGS 64
#define ARG_PAGE_SIZE PAGE_SIZE /* all strings of argv and envp together */

/* The strings of argv then envp, packed, in one kernel page. */
struct exec_args {
  char *buf;
  unsigned long used;
  int argc, envc;
};

/* Appends the NULL-terminated string array at `uptr` (user or kernel). */
static long copy_strings(struct exec_args *a, uintptr_t uptr, bool kernel, int *count) {
  *count = 0;
  if (!uptr) return 0;
  for (;;) {
    uintptr_t s;
    if (kernel) s = ((const uintptr_t *)uptr)[*count];
    else if (copy_from_user(&s, (const void *)(uptr + 4 * (uintptr_t)*count), sizeof s))
      return -EFAULT;
    if (!s) return 0;
    if (*count == MAX_ARG_STRINGS) return -E2BIG;
    long room = (long)(ARG_PAGE_SIZE - a->used), len;
    if (kernel) {
      len = (long)strlen((const char *)s);
      if (len < room) memcpy(a->buf + a->used, (const char *)s, (size_t)len + 1);
    } else {
      len = strncpy_from_user(a->buf + a->used, (const char *)s, room);
      if (len < 0) return len;
    }
    if (len >= room) return -E2BIG;
    a->used += (unsigned long)len + 1;
    (*count)++;
  }
}

/* Checks the ELF header and segments of f; the program headers or NULL (ENOEXEC). */
static const Elf32_Phdr *check_elf(const struct initramfs_file *f, const Elf32_Ehdr **ehp) {
  const Elf32_Ehdr *eh = (const Elf32_Ehdr *)f->data;
  if (f->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
      eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
      eh->e_machine != EM_RISCV || eh->e_type != ET_EXEC ||
      eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 ||
      eh->e_phoff > f->size || eh->e_phnum * sizeof(Elf32_Phdr) > f->size - eh->e_phoff ||
      (eh->e_phoff & 3))
    return NULL;
  const Elf32_Phdr *ph = (const Elf32_Phdr *)(f->data + eh->e_phoff);
  for (int i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type != PT_LOAD) continue;
    if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > f->size ||
        ph[i].p_filesz > f->size - ph[i].p_offset || ph[i].p_vaddr < PAGE_SIZE ||
        ph[i].p_vaddr >= STACK_TOP - STACK_RLIMIT ||
        ph[i].p_memsz > STACK_TOP - STACK_RLIMIT - ph[i].p_vaddr)
      return NULL;
  }
  *ehp = eh;
  return ph;
}

static unsigned long elf_prot(uint32_t p_flags) {
  return (p_flags & PF_R ? PROT_READ : 0) | (p_flags & PF_W ? PROT_WRITE : 0) |
         (p_flags & PF_X ? PROT_EXEC : 0);
}

/* FENCE.I on this hart (Linux local_flush_icache_all). */
static inline void local_flush_icache_all(void) { __asm__ volatile("fence.i" ::: "memory"); }

/* Maps and fills the segments; 0 or -ENOMEM.  mm is active. */
static long load_segments(struct mm_struct *mm, const struct initramfs_file *f,
                          const Elf32_Ehdr *eh, const Elf32_Phdr *ph) {
  struct mm_struct *u = mm;
  unsigned long end = 0;
  u->start_code = ~0ul;
  for (int i = 0; i < eh->e_phnum; i++) {
    if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz) continue;
    unsigned long start = ph[i].p_vaddr & PAGE_MASK;
    unsigned long len = ALIGN(ph[i].p_vaddr + ph[i].p_memsz, PAGE_SIZE) - start;
    unsigned long prot = elf_prot(ph[i].p_flags);
    if (IS_ERR_VALUE(do_mmap(mm, start, len, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0)))
      return -ENOMEM;
    if (copy_to_user((void *)(uintptr_t)ph[i].p_vaddr, f->data + ph[i].p_offset, ph[i].p_filesz))
      return -ENOMEM;
    if (do_mprotect(mm, start, len, prot)) return -ENOMEM;
    if (ph[i].p_flags & PF_X) {
      if (start < u->start_code) u->start_code = start;
      if (ph[i].p_vaddr + ph[i].p_filesz > u->end_code) u->end_code = ph[i].p_vaddr + ph[i].p_filesz;
    } else {
      u->start_data = ph[i].p_vaddr;
      u->end_data = ph[i].p_vaddr + ph[i].p_filesz;
    }
    if (start + len > end) end = start + len;
  }
  u->start_brk = u->brk = end;
  /*
   * The text went in through the D-cache (write-back); FENCE.I writes the
   * dirty lines back and empties the I-cache (which may also hold lines
   * of a page's earlier life), as Linux's flush_icache_mm does.
   */
  local_flush_icache_all();
  return 0;
}

/* Builds the initial stack; returns the user sp (at argc) or 0 on a fault. */
static uintptr_t setup_stack(struct exec_args *a, uint32_t entry) {
  uintptr_t strings = STACK_TOP - ((a->used + 15) & ~15ul);
  if (copy_to_user((void *)strings, a->buf, a->used)) return 0;
  uint32_t vec[1 + MAX_ARG_STRINGS + 1 + MAX_ARG_STRINGS + 1 + 6];
  unsigned n = 0, off = 0;
  vec[n++] = (uint32_t)a->argc;
  for (int i = 0; i < a->argc + a->envc; i++) {
    if (i == a->argc) vec[n++] = 0; /* argv's NULL */
    vec[n++] = (uint32_t)(strings + off);
    off += (unsigned)strlen(a->buf + off) + 1;
  }
  if (a->envc == 0) vec[n++] = 0; /* argv's NULL when there is no envp */
  vec[n++] = 0;                   /* envp's NULL */
  vec[n++] = AT_PAGESZ;
  vec[n++] = PAGE_SIZE;
  vec[n++] = AT_ENTRY;
  vec[n++] = entry;
  vec[n++] = AT_NULL;
  vec[n++] = 0;
  uintptr_t sp = (strings - n * sizeof(uint32_t)) & ~15ul;
  if (copy_to_user((void *)sp, vec, n * sizeof(uint32_t))) return 0;
  return sp;
}

long do_execve(const char *path, uintptr_t argv, uintptr_t envp, bool kernel_args,
               struct trap_frame *tf) {
  struct exec_args a = {0};
  a.buf = (char *)__get_free_pages(GFP_KERNEL, 0);
  if (!a.buf) return -ENOMEM;
  long err = copy_strings(&a, argv, kernel_args, &a.argc);
  if (!err) err = copy_strings(&a, envp, kernel_args, &a.envc);
  const struct initramfs_file *f = NULL;
  const Elf32_Ehdr *eh = NULL;
  const Elf32_Phdr *ph = NULL;
  if (!err) {
    f = initramfs_lookup(path);
    if (!f) err = -ENOENT;
    else if (!(f->mode & 0111)) err = -EACCES;
    else if (!(ph = check_elf(f, &eh))) err = -ENOEXEC;
  }
  if (err) {
    free_pages((unsigned long)a.buf, 0);
    return err;
  }
  /* The point of no return. */
  struct mm_struct *mm = mm_alloc(), *old = current->mm;
  if (!mm) {
    free_pages((unsigned long)a.buf, 0);
    return -ENOMEM;
  }
  current->mm = mm;
  switch_mm(active_mm_asid, mm);
  if (old) mmput(old);
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  memset(current->comm, 0, TASK_COMM_LEN);
  strncpy(current->comm, base, TASK_COMM_LEN - 1);
  uintptr_t sp = 0;
  if (!load_segments(mm, f, eh, ph) &&
      !IS_ERR_VALUE(do_mmap(mm, STACK_TOP - STACK_INIT_SIZE, STACK_INIT_SIZE,
                            PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0)))
    sp = setup_stack(&a, eh->e_entry);
  free_pages((unsigned long)a.buf, 0);
  if (!sp) {
    printk("%s[%d]: execve: out of memory past the point of no return\n", current->comm,
           current->pid);
    do_exit(SIGKILL);
  }
  mm->start_stack = sp;
  memset(tf, 0, sizeof(*tf));
  tf->regs[REG_SP] = (uint32_t)sp;
  tf->epc = eh->e_entry;
  tf->status = (csr_read(CSR_SSTATUS) & ~(MSTATUS_SPP | MSTATUS_SUM | MSTATUS_SIE)) | MSTATUS_SPIE;
  return 0;
}
