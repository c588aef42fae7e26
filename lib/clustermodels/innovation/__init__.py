"""Paper 2: innovation capability of a manufacturing-cluster innovation network (system dynamics).

Zuo Xiaoming, Peng Jiayu. 基于动态能力演化的制造业集群创新网络协作机制研究.
"""

NOTEBOOK = "02_innovation_network_dynamics"
