/*
 * fork_cow.c -- after fork, parent and child each see only their own
 * writes (copy-on-write) in .data, the heap and an mmap'd area; a page
 * only one of them still maps is reused rather than copied.
 */
#include "user.h"

static volatile int data_word = 1;

int main(void) {
  int *heap = malloc(4 * sizeof(int));
  volatile char *area = mmap(NULL, 8 * PAGE_SIZE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(!MMAP_FAILED(area));
  heap[0] = 10;
  for (int i = 0; i < 8; i++) area[i * PAGE_SIZE] = (char)i;
  volatile char *shared = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
                               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  shared[0] = 0;
  long pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    data_word = 2;
    heap[0] = 20;
    for (int i = 0; i < 8; i++) area[i * PAGE_SIZE] = (char)(100 + i);
    shared[0] = 42; /* MAP_SHARED: the parent sees it */
    sched_yield();  /* let the parent run with its own copies */
    int bad = data_word != 2 || heap[0] != 20;
    for (int i = 0; i < 8; i++) bad += area[i * PAGE_SIZE] != (char)(100 + i);
    printf("fork_cow: child sees data %d heap %d area[3] %d\n", data_word, heap[0],
           area[3 * PAGE_SIZE]);
    exit(bad ? 1 : 0);
  }
  sched_yield();
  data_word = 3;
  heap[0] = 30;
  int status = -1;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  CHECK_EQ(data_word, 3);
  CHECK_EQ(heap[0], 30);
  for (int i = 0; i < 8; i++) CHECK_EQ(area[i * PAGE_SIZE], i);
  CHECK_EQ(shared[0], 42);
  area[0] = 50; /* the child is gone: the page is the parent's alone again */
  CHECK_EQ(area[0], 50);
  printf("fork_cow: parent sees data %d heap %d area[3] %d shared %d\n", data_word, heap[0],
         area[3 * PAGE_SIZE], shared[0]);
  return test_done("fork_cow");
}
