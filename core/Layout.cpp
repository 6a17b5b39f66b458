#include "Layout.h"

namespace embedscope {

std::optional<LayoutMethod> parseLayoutMethod(const std::string& name) {
    if (name == "pca")
        return LayoutMethod::Pca;
    if (name == "tsne")
        return LayoutMethod::Tsne;
    if (name == "umap")
        return LayoutMethod::Umap;
    if (name == "axes")
        return LayoutMethod::Axes;
    return std::nullopt;
}

const char* layoutMethodName(LayoutMethod method) {
    switch (method) {
        case LayoutMethod::Pca:
            return "pca";
        case LayoutMethod::Tsne:
            return "tsne";
        case LayoutMethod::Umap:
            return "umap";
        case LayoutMethod::Axes:
            return "axes";
    }
    return "pca";
}

}  // namespace embedscope
